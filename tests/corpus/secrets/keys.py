"""Keys and tokens the integration service was shipped with (all synthetic)."""
import jwt

# PEM headers used to *recognise* keys are not keys.
PEM_PRIVATE_HEADER = "-----BEGIN RSA PRIVATE KEY-----"  # safe: CWE-321
PEM_FOOTER = "-----END RSA PRIVATE KEY-----"  # safe: CWE-321


def is_private_key(data: str) -> bool:
    return data.startswith("-----BEGIN PRIVATE KEY-----")  # safe: CWE-321


SIGNING_KEY = """  # expect: CWE-321 (a multi-line string is reported on its first line)
-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAuoNZmw88HSXyLFdbCZf1sB7vjFRWPpSYb3VwLxAleObnXm1M
NJUjGiR6qPVd86MDxMUxszAXxosa5uLrhIMc3nIKLxIlusx17rTSPlD6k4a9ISAp
mCr13Ulw8VL02AHFWMLE0EGCUUZVxNgTRH2z1LigYEFgIJiZXqpSev455LvwWWst
-----END RSA PRIVATE KEY-----
"""

DEPLOY_KEY = (
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"  # expect: CWE-321
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    "QyNTUxOQAAACBB6G6e2W9tqSF6LowGfP6ZbRLv3KokEFR8R8i4INNejI81pSk6GWGSXz21ui\n"
    "-----END OPENSSH PRIVATE KEY-----\n"
)

PUBLIC_KEY = """-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuoNZmw88HSXyLFdbCZf1sB7v
-----END PUBLIC KEY-----"""  # safe: CWE-321


def service_token():
    return jwt.encode({"sub": "integration"}, "Zr8Vq3Lm7Xw2Tk9Np4Hc6Bd1Fg5Js0Ya", algorithm="HS256")  # expect: CWE-321


JWT_SECRET = "secret"  # expect: CWE-321
SERVICE_JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"  # expect: CWE-798
    ".eyJzdWIiOiJpbnRlZ3JhdGlvbiIsInNjb3BlIjoiYWRtaW4ifQ"
    ".TJKINM2Ccxe7xW1RA4cMNe8rT2xLp9VmK4rZs8Nc"
)
JWT_EXAMPLE = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"  # safe: CWE-798

NPM_TOKEN = "npm_" "eJnjb7wXh9HjQtDcArQZclrjt92jX1DcKyWw"  # expect: CWE-798
PYPI_TOKEN = "pypi-" "AgEIcHlwaS5vcmcCJGI4ZTQ0N2E2LWVkYTktNGM5Zi1iZmZlLTY1YzE3ZjFkMWI3OAACKlsz"  # expect: CWE-798
GITLAB_TOKEN = "glpat-" "PMwnkH7KDZQEQbZYUDQZ"  # expect: CWE-798
OPENAI_API_KEY = "sk-proj-" "iidNk7j1IeTukaQRdOfWYj6ncBzVun0Ry7369rIO6tBuRK2j"  # expect: CWE-798
ANTHROPIC_API_KEY = "sk-ant-api03-" "455LvwWWstRRLvK88sKmG0VreISMnvGv6uDrfWHLLJh0pqxi3bzcQcnQjuHwB6G6e2W9tqSF6LowGfP6ZbRLv3Kok-AA"  # expect: CWE-798
MAILGUN_API_KEY = "key-" "c9bc6feae3e2265a5c86805a3118daa9"  # expect: CWE-798
TWILIO_API_KEY = "SK" "d5cc099a746eeda8dc8fa7955d517b6d"  # expect: CWE-798
GOOGLE_CLIENT_SECRET = "GOCSPX-" "PMwnkH7KDZQEQbZYUDQZgbxYEe6i"  # expect: CWE-798
HEROKU_API_KEY = "3f9a1c7e-2b4d-4e8a-9c1f-7a6b5d4e3c2b"  # expect: CWE-798
HEROKU_APP_ID = "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"  # safe: CWE-798
GITHUB_FINE_GRAINED = "github_pat_" "11AQZKM4R0" "TJKINM2Ccxe7_" "B6G6e2W9tqSF6LowGfP6ZbRLv3KokEFR8R8i4INNejI81pSk6GWGSXz21ui"  # expect: CWE-798
STORAGE_CONNECTION = (
    "DefaultEndpointsProtocol=https;AccountName=shopassets;"  # expect: CWE-798
    "AccountKey=uoNZmw88HSXyLFdbCZf1sB7vjFRWPpSYb3VwLxAleObnXm1MNJUjGiR6qPVd86MDxMUxszAXxosa5uLrhIMc3n==;"
    "EndpointSuffix=core.windows.net"
)
SLACK_WEBHOOK = "https://hooks.slack.com/services/" "T0A1B2C3D/B4E5F6G7H/qPmwgSSZ9kL68rj21UuYYCUe"  # expect: CWE-798

ENCRYPTION_KEY = "c9bc6feae3e2265a5c86805a3118daa9d5cc099a746eeda8dc8fa7955d517b6d"  # expect: CWE-321
WEBHOOK_SECRET = "whsec_" "cr0JePtE2wrpP7mD4HQb8GeavjTEQykd"  # expect: CWE-321
CLIENT_ID = "9XChaf688ZLcQSfgXwpb"  # safe: CWE-798
ACCESS_KEY_ID_PARAM = "/prod/integration/access_key_id"  # safe: CWE-798
PRIVATE_KEY_PATH = "/etc/integration/key.pem"  # safe: CWE-321
PRIVATE_KEY = "keys/integration.pem"  # safe: CWE-321
CACHE_KEY_PREFIX = "integration:v2:"  # safe: CWE-798


def rotate(client):
    """Rotate the key, e.g. ``client.rotate(api_key="SKd5cc099a746eeda8dc8fa7955d517b6d")``."""
    return client.rotate()
