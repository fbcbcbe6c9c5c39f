"""Functional test base: the real API in-process, a scratch database, and stand-in services."""
import os
import uuid

import fixtures
import testtools


class PlacementClient:
    """The API through Flask's test client, with the helpers functional tests share."""

    def __init__(self, client):
        self.client = client

    def get(self, url):
        return self.client.get(url)

    def post_server(self, body):
        resp = self.client.post('/servers', json=body)
        if resp.status_code != 202:
            raise RuntimeError('server create failed: %s' % resp.status_code)
        return resp.get_json()

    def delete_server(self, server_id):
        return self.client.delete('/servers/%s' % server_id)


class Service:
    """A stand-in for a service process; compute services register their host as a provider."""

    def __init__(self, name, host):
        self.name = name
        self.host = host
        self.running = False

    def start(self):
        from clean_service import db

        if self.name == 'compute' and db.provider_by_name(self.host) is None:
            db.create_provider(str(uuid.uuid4()), self.host)
        self.running = True

    def stop(self):
        self.running = False


class FunctionalTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        # settings read the key when first imported; the rest is patched per test.
        self.useFixture(fixtures.EnvironmentVariable('PLACEMENT_SECRET_KEY', uuid.uuid4().hex))
        workdir = self.useFixture(fixtures.TempDir()).path
        self.useFixture(fixtures.MockPatch('clean_service.settings.DATABASE', os.path.join(workdir, 'placement.sqlite3')))
        self.useFixture(fixtures.MockPatch('clean_service.settings.IMAGE_DIR', os.path.join(workdir, 'images')))
        self.notifications = self.useFixture(fixtures.MockPatch('clean_service.integrations.notify')).mock
        from clean_service import api, db

        db.create_schema()
        self.api = PlacementClient(api.app.test_client())
        self.services = {}

    def start_service(self, name, host=None):
        service = Service(name, host or name)
        service.start()
        self.services[(name, service.host)] = service
        self.addCleanup(service.stop)
        return service

    def restart_service(self, service):
        service.stop()
        service.start()

    def _get_provider_uuid_by_host(self, host):
        from clean_service import db

        return db.provider_by_name(host)['uuid']

    def _create_server(self, rp_uuid, flavor):
        return self.api.post_server({'provider': rp_uuid, 'resources': flavor})
