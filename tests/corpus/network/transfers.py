"""Nightly file transfers to the print shop and the legacy router."""
import ftplib
import telnetlib
from ftplib import FTP_TLS
from urllib.request import Request, urlopen


def upload_report(host, user, password, path):
    ftp = ftplib.FTP(host)  # expect: CWE-319
    ftp.login(user, password)
    with open(path, "rb") as fh:
        ftp.storbinary("STOR report.pdf", fh)
    ftp.quit()


def upload_report_tls(host, user, password, path):
    ftp = FTP_TLS(host)  # safe: CWE-319
    ftp.login(user, password)
    ftp.prot_p()
    with open(path, "rb") as fh:
        ftp.storbinary("STOR report.pdf", fh)


def reboot_router(host, password):
    tn = telnetlib.Telnet(host, 23, timeout=10)  # expect: CWE-319
    tn.read_until(b"Password: ")
    tn.write(password.encode() + b"\n")
    tn.write(b"reboot\n")


def fetch_feed(feed_url):
    with urlopen(feed_url, timeout=10) as response:  # expect: CWE-918
        return response.read()


def fetch_partner(path):
    with urlopen(f"https://partner.example.com/{path}", timeout=10) as response:  # safe: CWE-918
        return response.read()


def fetch_request(item_id):
    req = Request("https://api.example.com/items/" + item_id, headers={"Accept": "application/json"})
    with urlopen(req, timeout=10) as response:  # safe: CWE-918
        return response.read()


def fetch_constant():
    with urlopen("https://example.com/robots.txt", timeout=10) as response:  # safe: CWE-918
        return response.read()
