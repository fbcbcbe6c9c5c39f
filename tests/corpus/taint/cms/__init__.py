"""A small Django CMS: pages stored in the database, a settings module fed by the environment."""
