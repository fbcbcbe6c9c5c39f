"""XPath and LDAP injection test cases."""
import ldap3
from flask import Flask, request
from lxml import etree

app = Flask(__name__)


def employees():
    return etree.parse("employees.xml")


def directory():
    server = ldap3.Server("ldap://localhost:389")
    return ldap3.Connection(server, auto_bind=True)


@app.route("/xpathi-00/t401")
def t401():
    param = request.args.get("t401", "")
    root = employees()
    query = f"/Employees/Employee[@emplid='{param}']"
    nodes = root.xpath(query)  # expect: CWE-643
    return str(len(nodes))


@app.route("/xpathi-00/t402")
def t402():
    param = request.args.get("t402", "")
    root = employees()
    nodes = root.xpath("/Employees/Employee[@emplid=$id]", id=param)  # safe: CWE-643
    return str(len(nodes))


@app.route("/xpathi-00/t403")
def t403():
    param = request.args.get("t403", "")
    d = {}
    d["keyA"] = "1001"
    d["keyB"] = param
    bar = d["keyA"]
    root = employees()
    nodes = root.xpath("/Employees/Employee[@emplid='" + bar + "']")  # safe: CWE-643
    return str(len(nodes))


@app.route("/ldapi-00/t404")
def t404():
    param = request.headers.get("t404", "")
    conn = directory()
    search_filter = "(&(objectclass=person)(uid=" + param + "))"
    conn.search("ou=users,dc=example,dc=org", search_filter)  # expect: CWE-90
    return "done"


@app.route("/ldapi-00/t405")
def t405():
    param = request.headers.get("t405", "")
    lst = [param]
    lst.insert(0, "safe")
    lst.pop()
    bar = lst[0]
    conn = directory()
    conn.search("ou=users,dc=example,dc=org", "(&(objectclass=person)(uid=" + bar + "))")  # safe: CWE-90
    return "done"


@app.route("/ldapi-00/t406")
def t406():
    param = request.headers.get("t406", "")
    lst = ["safe", param]
    lst.remove("safe")
    bar = lst[0]
    conn = directory()
    conn.search("ou=users,dc=example,dc=org", f"(uid={bar})")  # expect: CWE-90
    return "done"


@app.route("/xpathi-00/t407")
def t407():
    emp = request.args.get("emp", "")
    if "'" in emp:
        return "an employee id has no apostrophe"
    # the value sits in a '-quoted literal it cannot close
    return str(employees().xpath(f"//employee[@id='{emp}']/name/text()"))  # safe: CWE-643


@app.route("/xpathi-00/t408")
def t408():
    emp = request.args.get("emp", "")
    if ";" in emp:
        return "no semicolons"
    # rejecting a character XPath does not care about changes nothing
    return str(employees().xpath(f"//employee[@id='{emp}']/name/text()"))  # expect: CWE-643
