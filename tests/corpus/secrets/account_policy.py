"""Account management module: password policies, legacy FTP mirror, provider parameter names."""
import ftplib

STATUS_NEED_PASS = "331.1"  # safe: CWE-259
PROVIDER_FORCE_SESSION_AUTH = "Provider::Storage::ForceSessionAuth"  # safe: CWE-798
SERVICE_ACCESS_KEY = "Kq7ZtR2mXw9PbN4cVh6YdL3s"  # expect: CWE-798


class AccountManager:
    def __init__(self, params):
        self.password = params.get("password")
        self.update_password = params.get("update_password", "always")

    def needs_update(self, current_hash):
        if self.update_password == "always" and self.password is not None:  # safe: CWE-259
            return current_hash != self.password
        return False

    def is_prehashed(self):
        return "$" not in self.password  # safe: CWE-259

    def is_default(self):
        return self.password == "changeme"  # expect: CWE-259


def mirror(host, username="anonymous", password="mirror@downloads.northwind.net"):  # safe: CWE-259
    with ftplib.FTP_TLS(host) as ftp:
        ftp.login(username, password)
        ftp.prot_p()
        return ftp.nlst()


def service_login(host, password="Wint3r-Harb0ur"):  # expect: CWE-259
    with ftplib.FTP_TLS(host) as ftp:
        ftp.login("svc", password)
        return ftp.nlst()


class ComponentRouter:
    def __init__(self, router, secret="secret"):  # expect: CWE-798
        self.router = router
        self.secret = secret
