"""OS command injection test cases, one route each, the way SAST benchmark suites write them."""
import os
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/cmdi-00/t001", methods=["GET"])
def t001():
    param = request.args.get("t001", "")
    num = 86
    bar = "This_should_always_happen" if (7 * 42) - num > 200 else param
    os.system("echo " + bar)  # safe: CWE-78
    return "done"


@app.route("/cmdi-00/t002", methods=["GET"])
def t002():
    param = request.args.get("t002", "")
    num = 106
    bar = "This_should_never_happen" if (7 * 42) - num > 200 else param
    os.system("echo " + bar)  # expect: CWE-78
    return "done"


@app.route("/cmdi-00/t003", methods=["POST"])
def t003():
    param = request.form.get("t003", "")
    num = 196
    if (500 / 42) + num > 200:
        bar = param
    else:
        bar = "This should never happen"
    subprocess.run("ls " + bar, shell=True)  # expect: CWE-78
    return "done"


@app.route("/cmdi-00/t004", methods=["POST"])
def t004():
    param = request.form.get("t004", "")
    num = 86
    if (500 / 42) + num > 200:
        bar = param
    else:
        bar = "This should never happen"
    subprocess.run("ls " + bar, shell=True)  # safe: CWE-78
    return "done"


@app.route("/cmdi-00/t005")
def t005():
    param = request.headers.get("X-Test", "")
    bar = ""
    if param:
        lst = []
        lst.append("safe")
        lst.append(param)
        lst.append("moresafe")
        lst.pop(0)
        bar = lst[0]
    subprocess.Popen("echo " + bar, shell=True)  # expect: CWE-78
    return "done"


@app.route("/cmdi-00/t006")
def t006():
    param = request.headers.get("X-Test", "")
    bar = ""
    if param:
        lst = []
        lst.append("safe")
        lst.append(param)
        lst.append("moresafe")
        lst.pop(0)
        bar = lst[1]
    subprocess.Popen("echo " + bar, shell=True)  # safe: CWE-78
    return "done"


@app.route("/cmdi-00/t007")
def t007():
    param = request.cookies.get("t007", "noCookieValueSupplied")
    lst = ["a", "b"]
    lst.extend([param, "c"])
    del lst[0]
    bar = lst[1]
    os.system("echo " + bar)  # expect: CWE-78
    return "done"


@app.route("/cmdi-00/t008")
def t008():
    param = request.cookies.get("t008", "noCookieValueSupplied")
    lst = ["a", "b"]
    lst.extend([param, "c"])
    del lst[2]
    bar = lst[2]
    os.system("echo " + bar)  # safe: CWE-78
    return "done"


@app.route("/cmdi-00/t009")
def t009():
    param = request.args.get("t009", "")
    possible = "ABC"
    guess = possible[1]
    if guess == "A":
        bar = param
    elif guess == "B":
        bar = "bob"
    else:
        bar = param
    args = ["sh", "-c", "echo " + bar]
    subprocess.run(args)  # safe: CWE-78
    return "done"


@app.route("/cmdi-00/t010")
def t010():
    param = request.args.get("t010", "")
    possible = "ABC"
    guess = possible[0]
    match guess:
        case "A":
            bar = param
        case "B":
            bar = "bob"
        case "C" | "D":
            bar = param
        case _:
            bar = "bob's your uncle"
    os.system("echo " + bar)  # expect: CWE-78
    return "done"


@app.route("/cmdi-00/t011")
def t011():
    param = request.args.get("t011", "")
    possible = "ABC"
    guess = possible[1]
    match guess:
        case "A":
            bar = param
        case "B":
            bar = "bob"
        case "C" | "D":
            bar = param
        case _:
            bar = "bob's your uncle"
    os.system("echo " + bar)  # safe: CWE-78
    return "done"


@app.route("/cmdi-00/t012/<path:rest>")
def t012(rest):
    bar = (lambda p: p)(rest)
    os.popen("cat " + bar)  # expect: CWE-78
    return "done"


@app.route("/cmdi-00/t013")
def t013():
    param = request.values.get("t013", "")
    items = [x for x in [param]]
    bar = " ".join(items)
    subprocess.call(bar, shell=True)  # expect: CWE-78
    return "done"


@app.route("/cmdi-00/t014")
def t014():
    param = request.values.get("t014", "")
    bar = "safe"
    for word in ["x", "y"]:
        bar = bar + word
    subprocess.call("echo " + bar, shell=True)  # safe: CWE-78
    ignored = param
    return "done"


@app.route("/cmdi-00/t015", methods=["POST"])
def t015():
    import platform

    param = request.form.get("t015", "")
    arg_list = []
    if "Windows" in platform.system():
        arg_list.append("cmd.exe")
        arg_list.append("/c")
    else:
        arg_list.append("sh")
        arg_list.append("-c")
    arg_list.append(f"echo {param}")
    proc = subprocess.run(arg_list, capture_output=True, encoding="utf-8")  # expect: CWE-78
    return proc.stdout


@app.route("/cmdi-00/t016", methods=["POST"])
def t016():
    param = request.form.get("t016", "")
    bar = param.split(" ")[0]
    subprocess.run(["echo", bar])  # safe: CWE-78
    subprocess.run(["sh", "-c", "echo " + bar])  # expect: CWE-78
    return "done"
