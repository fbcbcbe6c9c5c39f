"""Functional tests: a resource provider's usages follow the servers placed on it."""
from clean_service.tests.functional import base


class ServerAllocationsTest(base.FunctionalTestCase):
    """Creating and deleting servers keeps the provider's usages exact."""

    def setUp(self):
        super().setUp()
        self.start_service('conductor')
        self.compute = self.start_service('compute', host='compute1')
        self.rp_uuid = self._get_provider_uuid_by_host('compute1')
        self.flavor = {'VCPU': 2, 'MEMORY_MB': 2048, 'DISK_GB': 20}

    def _get_usages(self, rp_uuid):
        fmt = '/resource_providers/%(uuid)s/usages'
        resp = self.api.get(fmt % {'uuid': rp_uuid})
        self.assertEqual(200, resp.status_code)
        return resp.get_json()['usages']

    def test_new_provider_has_no_usages(self):
        self.assertEqual({}, self._get_usages(self.rp_uuid))

    def test_create_server_allocates_flavor(self):
        usages_before = self._get_usages(self.rp_uuid)
        self.assertEqual({}, usages_before)

        self._create_server(self.rp_uuid, self.flavor)

        usages_during = self._get_usages(self.rp_uuid)
        self.assertEqual(self.flavor, usages_during)
        self.notifications.assert_called_once()

    def test_two_servers_add_up(self):
        self._create_server(self.rp_uuid, self.flavor)
        self._create_server(self.rp_uuid, {'VCPU': 1, 'MEMORY_MB': 512, 'DISK_GB': 1})

        usages = self._get_usages(self.rp_uuid)
        self.assertEqual({'VCPU': 3, 'MEMORY_MB': 2560, 'DISK_GB': 21}, usages)

    def test_delete_server_frees_allocations(self):
        server = self._create_server(self.rp_uuid, self.flavor)
        self.assertEqual(self.flavor, self._get_usages(self.rp_uuid))

        resp = self.api.delete_server(server['id'])
        self.assertEqual(204, resp.status_code)

        usages_after = self._get_usages(self.rp_uuid)
        self.assertEqual({}, usages_after)

    def test_delete_one_of_two_servers(self):
        first = self._create_server(self.rp_uuid, self.flavor)
        small = {'VCPU': 1, 'MEMORY_MB': 512, 'DISK_GB': 1}
        self._create_server(self.rp_uuid, small)

        self.api.delete_server(first['id'])

        self.assertEqual(small, self._get_usages(self.rp_uuid))

    def test_usages_survive_conductor_restart(self):
        self._create_server(self.rp_uuid, self.flavor)
        conductor = self.services[('conductor', 'conductor')]

        self.restart_service(conductor)

        self.assertTrue(conductor.running)
        self.assertEqual(self.flavor, self._get_usages(self.rp_uuid))

    def test_usages_of_other_provider_untouched(self):
        self.start_service('compute', host='compute2')
        other_rp = self._get_provider_uuid_by_host('compute2')

        self._create_server(self.rp_uuid, self.flavor)

        self.assertEqual({}, self._get_usages(other_rp))
        self.assertEqual(self.flavor, self._get_usages(self.rp_uuid))
