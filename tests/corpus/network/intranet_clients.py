"""Clients for the printers and status pages on the office network, and the billing API."""
import requests

PRINTER_STATUS = "http://printer-3.office.lan/status.json"
BILLING_API = "https://billing.internal.example.com/v2"


def printer_status():
    # The printer speaks plain HTTP only; verify=False is left over from an https experiment.
    return requests.get(PRINTER_STATUS, verify=False, timeout=5).json()  # safe: CWE-295


def printer_job(job_id):
    return requests.get("http://printer-3.office.lan/jobs/" + str(job_id), verify=False, timeout=5)  # safe: CWE-295


def invoices(customer):
    return requests.get(f"{BILLING_API}/invoices", params={"customer": customer}, verify=False, timeout=10)  # expect: CWE-295


def fetch(url):
    return requests.get(url, verify=False, timeout=10)  # expect: CWE-295
