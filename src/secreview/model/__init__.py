"""The semantic model: scopes, bindings, qualified names and compile-time values of one file."""
from secreview.model.semantic import FunctionInfo, SemanticModel

__all__ = ["FunctionInfo", "SemanticModel"]
