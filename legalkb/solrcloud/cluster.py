"""A local SolrCloud on 127.0.0.1: one ZooKeeper and N Solr nodes, each its own JVM, on the
jars Maven fetched (solr/pom.xml; their classpath in ROOT/classpath.txt, written by make),
with legalkb's configset uploaded and a first collection created behind the alias
(SHARDS shards of REPLICAS replicas: each node holds a replica of every shard, so one
node can stop and every passage is still found).

    python -m legalkb.solrcloud.cluster start --root var/solr   # prints the Solr base URL last
    python -m legalkb.solrcloud.cluster stop --root var/solr

Each process's pid is kept in ROOT/pids/, its output in ROOT/logs/, its data in ROOT/zk and
ROOT/node-N. The tests start clusters of their own in temporary folders, and kill and
restart single nodes (kill_node, start_node).
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from .admin import SolrAdmin, SolrAdminError

PROJECT = Path(__file__).resolve().parent.parent.parent
SOLR_FOLDER = PROJECT / "solr"
CONFIGSET = "legalkb"
ALIAS = "legalkb"
SHARDS, REPLICAS = 2, 2
START_SECONDS = 180  # a node's JVM compiles Node.java and starts Solr: seconds, more under load
STOP_SECONDS = 30
DEFAULT_HEAP = "512m"


class Cluster:
    def __init__(self, root, zk_port=9983, node_ports=(8983, 8984), heap=DEFAULT_HEAP, classpath=None):
        """classpath: the file holding the jars' classpath (ROOT/classpath.txt by default)."""
        self.root = Path(root).resolve()
        self.zk_port, self.node_ports, self.heap = zk_port, tuple(node_ports), heap
        self.classpath = Path(classpath or self.root / "classpath.txt")

    @property
    def base_url(self):
        """The Solr base URL of the first node (any node answers for the whole cluster)."""
        return self.node_url(0)

    def node_url(self, number):
        return f"http://127.0.0.1:{self.node_ports[number]}/solr"

    @property
    def zk_host(self):
        return f"127.0.0.1:{self.zk_port}"

    def admin(self, number=0):
        return SolrAdmin(self.node_url(number))

    def start(self, collection=ALIAS):
        """Start ZooKeeper and every node, wait until they are live, upload the configset
        and create the collection behind the alias `collection` unless it exists. A cluster
        already running in this root is left as it is."""
        if self.running():
            return self.base_url
        self.start_zookeeper()
        for number in range(len(self.node_ports)):
            self.start_node(number)
        self.wait_for_nodes(len(self.node_ports))
        admin = self.admin()
        admin.upload_configset(CONFIGSET)
        if collection and collection not in admin.aliases()[0]:
            first = f"{collection}-initial"
            admin.create_collection(first, CONFIGSET, SHARDS, REPLICAS)
            admin.create_alias(collection, first)
        return self.base_url

    def running(self):
        """Whether ZooKeeper and every node of this root run."""
        names = ["zk", *(f"node-{n + 1}" for n in range(len(self.node_ports)))]
        return all(self.pid(name) is not None and _alive(self.pid(name)) for name in names)

    def start_zookeeper(self):
        data = self.root / "zk"
        data.mkdir(parents=True, exist_ok=True)
        config = self.root / "zoo.cfg"
        config.write_text(
            f"dataDir={data}\nclientPort={self.zk_port}\nclientPortAddress=127.0.0.1\n"
            "tickTime=2000\nadmin.enableServer=false\n4lw.commands.whitelist=ruok\n",
            encoding="utf-8",
        )
        self._launch("zk", ["org.apache.zookeeper.server.ZooKeeperServerMain", str(config)], heap="128m")
        _wait_for_port(self.zk_port)

    def start_node(self, number):
        """Start node `number` (again, after kill_node): it rejoins with its data."""
        home = self.root / f"node-{number + 1}"
        home.mkdir(parents=True, exist_ok=True)
        shutil.copy(SOLR_FOLDER / "solr.xml", home / "solr.xml")
        port = self.node_ports[number]
        arguments = [
            "-Djetty.testMode=true",  # Solr's embedded Jetty then listens on 127.0.0.1 only
            f"-Dsolr.log.dir={self.root / 'logs'}",
            "-DzkClientTimeout=10000",  # a killed node leaves the cluster's live nodes within 10 s
            str(SOLR_FOLDER / "Node.java"),
            str(port),
            str(home),
            self.zk_host,
        ]
        self._launch(f"node-{number + 1}", arguments, heap=self.heap)

    def kill_node(self, number):
        """Kill node `number` at once (SIGKILL), as a crash would."""
        self._signal(f"node-{number + 1}", signal.SIGKILL)

    def wait_for_nodes(self, count):
        """Wait until count nodes are live, starting again a node that exited (one that ZooKeeper
        still knew from a crash is refused until its old session expires)."""
        admin = self.admin()

        def live():
            for number in range(len(self.node_ports)):
                pid = self.pid(f"node-{number + 1}")
                if pid is not None and not _alive(pid):
                    self.start_node(number)
            return len(admin.live_nodes()) >= count

        admin.wait_until(live, f"{count} live nodes", START_SECONDS)

    def stop(self):
        """Stop every node, then ZooKeeper (SIGTERM, then SIGKILL after STOP_SECONDS): a node
        that stops while ZooKeeper runs closes its session, so that it can join again at once
        when the cluster starts next."""
        nodes = [f"node-{n + 1}" for n in range(len(self.node_ports))]
        for name in nodes:
            self._signal(name, signal.SIGTERM)
        for name in [*nodes, "zk"]:
            if name == "zk":
                self._signal(name, signal.SIGTERM)
            self._reap(name)

    def _launch(self, name, arguments, heap):
        classpath = self.classpath.read_text(encoding="utf-8").strip()
        (self.root / "logs").mkdir(parents=True, exist_ok=True)
        (self.root / "pids").mkdir(parents=True, exist_ok=True)
        command = ["java", f"-Xmx{heap}", "-cp", classpath, *arguments]
        with open(self.root / "logs" / f"{name}.log", "ab") as log:
            process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        (self.root / "pids" / name).write_text(str(process.pid), encoding="utf-8")
        return process

    def pid(self, name):
        try:
            return int((self.root / "pids" / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _signal(self, name, signum):
        pid = self.pid(name)
        if pid is not None and _alive(pid):
            os.kill(pid, signum)
        if signum == signal.SIGKILL:
            self._reap(name)

    def _reap(self, name):
        pid = self.pid(name)
        deadline = time.monotonic() + STOP_SECONDS
        while pid is not None and _alive(pid):
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
            time.sleep(0.1)
        (self.root / "pids" / name).unlink(missing_ok=True)


def _alive(pid):
    """Whether pid runs (a zombie child of ours counts as gone, and is reaped)."""
    try:
        finished, _ = os.waitpid(pid, os.WNOHANG)
        if finished:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
        return stat.read().split(") ")[-1][:1] != "Z"


def _wait_for_port(port, seconds=START_SECONDS):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise SolrAdminError(f"Nothing listens on 127.0.0.1:{port} after {seconds} s.") from None
            time.sleep(0.1)


def main(argv=None):
    parser = argparse.ArgumentParser(description="A local SolrCloud for legalkb on 127.0.0.1.")
    parser.add_argument("action", choices=("start", "stop"))
    parser.add_argument("--root", default=str(PROJECT / "var" / "solr"))
    parser.add_argument("--port", type=int, default=8983, help="the first node's port; the next ones follow")
    parser.add_argument("--nodes", type=int, default=2)
    parser.add_argument("--zk-port", type=int, default=9983)
    parser.add_argument("--heap", default=DEFAULT_HEAP, help="each node's Java heap (-Xmx)")
    options = parser.parse_args(argv)
    ports = tuple(range(options.port, options.port + options.nodes))
    cluster = Cluster(options.root, options.zk_port, ports, options.heap)
    if options.action == "stop":
        cluster.stop()
        return
    try:
        print(cluster.start(), flush=True)
    except SolrAdminError as error:
        cluster.stop()
        sys.exit(f"{error} (the logs are in {cluster.root / 'logs'})")


if __name__ == "__main__":
    main()
