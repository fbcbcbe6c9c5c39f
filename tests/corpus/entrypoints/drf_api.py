"""REST API of the deployment service (Django REST framework)."""
import shlex
import subprocess

from rest_framework import serializers, status, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response


@api_view(["POST"])
def restart_service(request):
    service = request.data["service"]
    subprocess.run("systemctl restart " + service, shell=True)  # expect: CWE-78
    return Response(status=status.HTTP_202_ACCEPTED)


@api_view(["POST"])
def restart_service_quoted(request):
    service = request.data["service"]
    subprocess.run("systemctl restart " + shlex.quote(service), shell=True)  # safe: CWE-78
    return Response(status=status.HTTP_202_ACCEPTED)


@api_view(["GET"])
def service_log(request):
    lines = request.query_params.get("lines", "50")
    output = subprocess.check_output("journalctl -n " + lines, shell=True)  # expect: CWE-78
    return Response({"log": output.decode()})


class ReleaseViewSet(viewsets.ViewSet):
    def retrieve(self, request, pk=None):
        notes = subprocess.check_output(f"git -C /srv/app show {pk}", shell=True)  # expect: CWE-78
        return Response({"notes": notes.decode()})

    def destroy(self, request, pk=None):
        subprocess.run(["git", "-C", "/srv/app", "tag", "-d", str(pk)])  # safe: CWE-78
        return Response(status=status.HTTP_204_NO_CONTENT)


class DeploymentSerializer(serializers.Serializer):
    host = serializers.CharField()
    version = serializers.CharField()

    def create(self, validated_data):
        host = validated_data.get("host")
        subprocess.run(f"ssh deploy@{host} deploy", shell=True)  # expect: CWE-78
        return validated_data

    def update(self, instance, validated_data):
        version = validated_data["version"]
        subprocess.run(["deploy-version", "--host", instance.host, "--", version])  # safe: CWE-78
        subprocess.run("deploy-version " + version, shell=True)  # expect: CWE-78
        return instance
