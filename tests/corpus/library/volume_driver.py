"""A storage driver in the style of cinder's: commands go through the driver's own helpers."""
import subprocess


class LVMDriver:
    def __init__(self, vg_name):
        self.vg_name = vg_name

    def _execute(self, cmd):
        return subprocess.check_output(cmd, shell=True)  # expect: CWE-78

    def create_snapshot(self, volume, snapshot_name):
        self._execute("lvcreate --snapshot --name %s %s/%s" % (snapshot_name, self.vg_name, volume))

    def _list(self):
        return subprocess.check_output(["lvs", "--noheadings", self.vg_name])  # safe: CWE-78


def quote_free_cleanup(path):
    return subprocess.call(["rm", "-rf", "--", path])  # safe: CWE-78
