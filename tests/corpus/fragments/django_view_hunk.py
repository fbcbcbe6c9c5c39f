# A Django view pasted into a review without the module's imports: `request.GET` says it is Django.


def ping(request):
    host = request.GET.get("host")
    return HttpResponse(os.popen("ping -c 1 " + host).read())  # expect: CWE-78


def ping_fixed(request):
    host = request.GET.get("host")
    return HttpResponse(subprocess.check_output(["ping", "-c", "1", "--", host]))  # safe: CWE-78


def search(request):
    q = request.GET["q"]
    rows = Item.objects.raw("SELECT * FROM items WHERE name = '%s'" % q)  # expect: CWE-89
    return render(request, "items.html", {"rows": rows})


def search_fixed(request):
    q = request.GET["q"]
    rows = Item.objects.raw("SELECT * FROM items WHERE name = %s", [q])  # safe: CWE-89
    return render(request, "items.html", {"rows": rows})


def greet(request):
    return HttpResponse("<h1>Hello %s</h1>" % request.GET["name"])  # expect: CWE-79


def greet_fixed(request):
    return HttpResponse("<h1>Hello %s</h1>" % escape(request.GET["name"]), content_type="text/plain")  # safe: CWE-79


def restore(request):
    return JsonResponse(pickle.loads(base64.b64decode(request.body)))  # expect: CWE-502
