"""Feature flags for the command line tools (not Django settings)."""
DEBUG = True  # safe: CWE-489
VERBOSE = False
