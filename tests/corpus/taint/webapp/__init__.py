"""A small Flask shop: views call helpers in other modules of the package."""
