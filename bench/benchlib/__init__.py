"""The comparison harness behind bench/run.sh: Ceph RGW with its ops log, data sets, tools, report."""
