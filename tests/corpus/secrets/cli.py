"""Command-line entry point of the deploy tool."""
import argparse
import getpass
import os

from pydantic import BaseModel, SecretStr


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Deploy the shop")
    parser.add_argument("--password", help="Password for the registry (prompted if omitted)")  # safe: CWE-259
    parser.add_argument("--token", default=os.environ.get("DEPLOY_TOKEN"), help="API token")  # safe: CWE-798
    parser.add_argument("--password-file", default="/run/secrets/registry_password")  # safe: CWE-259
    return parser.parse_args(argv)


def credentials(args):
    password = args.password or getpass.getpass("Registry password: ")  # safe: CWE-259
    prompt = "Enter your password"  # safe: CWE-259
    password_prompt = "Password: "  # safe: CWE-259
    return password, prompt, password_prompt


class DeployConfig(BaseModel):
    registry: str = "registry.internal"
    username: str = "deploy"
    password: SecretStr = SecretStr("")  # safe: CWE-259
    api_token: str = ""  # safe: CWE-798
    timeout: int = 30


DEFAULTS = {
    "registry": "registry.internal",
    "password": None,  # safe: CWE-259
    "token": "",  # safe: CWE-798
    "pwd": "/srv/deploy",  # safe: CWE-259
}

PWD = os.getcwd()  # safe: CWE-259


def registry_login(client):
    client.login(username="deploy", password="Dep1oy-Reg!", registry="registry.internal")  # expect: CWE-259


def vault_login(client):
    client.auth.approle.login(role_id="deploy", secret_id=os.environ["VAULT_SECRET_ID"])  # safe: CWE-798
    client.token = "hvs.CAESIPMwnkH7KDZQEQbZYUDQZgbxYEe6iB4VGhlgw2"  # expect: CWE-798
