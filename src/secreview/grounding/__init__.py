"""Grounding: every claim an LLM (or any free-text review) makes is checked against the code and
the CWE catalog before anyone sees it.

- `claims.parse_review(text)`: free text -> `Claim`s (CWE, claimed name, lines, quoted code, fix).
- `verify.check_review(review, code, path)` / `verify.verify_claims(claims, CodeFile)`: a verdict per
  claim (confirmed / unsupported / contradicted) with the reasons.
- `render.render_check(...)`: the `secreview check-review` report and the grounded review.
- `llm`: optional `secreview review --llm` (needs the `llm` extra).
"""
from secreview.grounding.claims import Claim, parse_review
from secreview.grounding.verify import CheckedClaim, CodeFile, Reason, Verdict, check_review, verify_claims

__all__ = ["CheckedClaim", "Claim", "CodeFile", "Reason", "Verdict", "check_review", "parse_review", "verify_claims"]
