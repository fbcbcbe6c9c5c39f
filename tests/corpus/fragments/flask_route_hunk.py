# A Flask route pasted without `from flask import ...` or the `app` it is registered on.


@app.route("/hello")
def hello():
    return render_template_string("<p>Hello " + request.args["name"] + "</p>")  # expect: CWE-1336


@app.route("/hello-fixed")
def hello_fixed():
    return render_template_string("<p>Hello {{ name }}</p>", name=request.args["name"])  # safe: CWE-1336


@app.route("/files/<name>")
def download(name):
    return send_file(os.path.join("/srv/files", name))  # expect: CWE-22


@app.route("/go")
def go():
    return redirect(request.args.get("next"))  # expect: CWE-601


@app.route("/go-home")
def go_home():
    return redirect("/home/" + request.args.get("page", ""))  # safe: CWE-601
