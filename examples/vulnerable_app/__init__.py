"""Notes & file sharing: a small Flask app with the security bugs real apps ship with.

Every line marked `# expect: CWE-N` is a defect secreview must report; see examples/README.md.
"""
