# A hunk from a storage array driver: the CLI helpers live in a module the hunk does not show.


class ArrayClient:
    def remove_volume(self, volume_name):
        self._cli_run("rmvdisk -force " + volume_name)  # expect: CWE-78

    def remove_volume_argv(self, volume_name):
        self._cli_run(["rmvdisk", "-force", volume_name])  # safe: CWE-78

    def copy_to_host(self, host, path):
        return run_ssh(host, "rm -rf %s" % path)  # expect: CWE-78

    def label(self, name):
        self.set_command_name("Volume " + name)  # safe: CWE-78

    def list_volumes(self):
        return self._cli_run("lsvdisk -delim !")  # safe: CWE-78
