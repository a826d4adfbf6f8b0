#!/usr/bin/env python3
"""A network between a tool and the S3 server: a round-trip time and up/down rates that every
connection shares, with every HTTP request timed from the tool's side.

usage: netproxy.py --upstream HOST:PORT [--rtt-ms 80] [--up-mbit 40] [--down-mbit 100]
                   [--tls-cert CERT --tls-key KEY]

Prints `listening PORT` once it accepts connections on 127.0.0.1, then answers commands on stdin:
`take` prints one JSON line with everything since the last `take` (after waiting, up to 10 s, for
the tool's connections to close): each request with its start and end times, the connections
opened and the TLS handshakes made. `quit` (or the end of stdin) stops it.

The model, per direction (up: tool to server, down: server to tool), is one link shared by all
connections, like the bottleneck of a home line: bytes leave it one after another at the link's
rate (a token bucket that holds no burst) and arrive half the round-trip time later. A connection
reads no more from its sender while two of its chunks wait for the link, so a fast sender is held
back the way TCP holds it back. A new connection carries no data for one round trip (the TCP
handshake). With --tls the far end of the path speaks TLS with the given certificate and passes
plain HTTP to the server, so a handshake costs its round trips on the emulated path like any other
bytes. Not modelled: packet loss, TCP slow start, and receive windows (every connection may fill the
whole link).

A request starts when its first byte reaches the proxy from the tool and ends when the last byte of
its answer is handed back to the tool: the times the tool itself sees.
"""
import argparse
import asyncio
import json
import ssl
import sys
from collections import deque
from urllib.parse import parse_qs, unquote, urlsplit

CHUNK = 64 * 1024
QUEUE = 32  # chunks queued per connection and direction before its reader waits


class Link:
    """One direction of the path: a shared rate (bytes/s, 0 for unlimited) and a one-way delay."""

    def __init__(self, rate, delay):
        self.rate, self.delay = rate, delay
        self.free_at = 0.0
        self.bytes = 0

    def send(self, size, now):
        """Puts SIZE bytes on the link no earlier than NOW; returns when their last byte has left it."""
        self.bytes += size
        if not self.rate:
            return now
        start = max(now, self.free_at)
        self.free_at = start + size / self.rate
        return self.free_at


async def hold_back(previous, left, now):
    """A sender waits until its chunk before the last has left the link: one chunk always waits on the
    link behind the one being sent, so the link never idles for a timer's lateness. Returns LEFT."""
    if previous > now:
        await asyncio.sleep(previous - now)
    return left


def describe(method, target, headers):
    """What a request did, by object kind: `list locks/`, `put data/`, `get data/ (range)`."""
    parts = urlsplit(target)
    query = parse_qs(parts.query, keep_blank_values=True)
    path = unquote(parts.path).lstrip("/")
    key = path.split("/", 1)[1] if "/" in path else ""
    if method == "GET" and ("list-type" in query or "prefix" in query or not key):
        return f"list {query.get('prefix', [''])[0] or '(all)'}"
    kind = key.split("/", 1)[0] + "/" if "/" in key else key
    if "uploadId" in query or "uploads" in query:
        return f"{method.lower()} {kind} (multipart)"
    if method == "POST" and "delete" in query:
        return "delete (batch)"
    return f"{method.lower()} {kind}" + (" (range)" if "range" in headers else "")


class Message:
    """Splits one direction of an HTTP/1.1 connection into messages: head, then a body of
    Content-Length bytes or chunks. Knows nothing of what the messages mean."""

    def __init__(self):
        self.head = bytearray()
        self.state = "idle"  # idle, head, body, chunk-size, chunk-data, trailer
        self.left = 0
        self.line = bytearray()

    def feed(self, data):
        """Yields ("head", bytes) when a head is complete and ("end", None) when a message is."""
        at = 0
        while at < len(data):
            if self.state in ("idle", "head"):
                self.state = "head"
                end = (bytes(self.head[-3:]) + data[at:]).find(b"\r\n\r\n")
                if end < 0:
                    self.head += data[at:]
                    return
                take = end + 4 - min(3, len(self.head))
                self.head += data[at:at + take]
                at += take
                head, self.head = bytes(self.head), bytearray()
                yield "head", head
            elif self.state in ("body", "chunk-data"):
                step = min(self.left, len(data) - at)
                self.left -= step
                at += step
                if self.left == 0 and self.state == "body":
                    self.state = "idle"
                    yield "end", None
                elif self.left == 0:
                    self.state = "chunk-size"
            else:  # chunk-size or trailer: a line at a time
                end = data.find(b"\n", at)
                if end < 0:
                    self.line += data[at:]
                    return
                line, self.line = bytes(self.line + data[at:end]).strip(), bytearray()
                at = end + 1
                if self.state == "trailer":
                    if not line:
                        self.state = "idle"
                        yield "end", None
                elif line:  # the CRLF after a chunk's data is an empty line: skip it
                    size = int(line.split(b";", 1)[0], 16)
                    self.state, self.left = ("chunk-data", size + 2) if size else ("trailer", 0)

    def expect_body(self, headers, length_known=True):
        """After a head: how its body is framed (no body when LENGTH_KNOWN is False)."""
        if not length_known:
            self.state = "idle"
        elif "chunked" in headers.get("transfer-encoding", ""):
            self.state = "chunk-size"
        else:
            self.left = int(headers.get("content-length", "0"))
            self.state = "body" if self.left else "idle"
        return self.state == "idle"


def parse_head(head):
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip().lower()
    return lines[0].split(" "), headers


class Connection:
    def __init__(self, proxy, number, reader, writer):
        self.proxy, self.number = proxy, number
        self.client_reader, self.client_writer = reader, writer
        self.loop = asyncio.get_running_loop()
        self.accepted = self.loop.time()
        self.ready_at = self.accepted + proxy.rtt  # the TCP handshake: no data before one round trip
        self.up_queue = asyncio.Queue(QUEUE)
        self.down_source = asyncio.Queue(QUEUE)
        self.down_queue = asyncio.Queue(QUEUE)
        self.requests = Message()
        self.responses = Message()
        self.pending = deque()
        self.sent = 0
        self.tls = None
        if proxy.tls_context:
            self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
            self.tls = proxy.tls_context.wrap_bio(self.incoming, self.outgoing, server_side=True)
            self.handshaken = False

    async def run(self):
        host, port = self.proxy.upstream
        try:
            self.upstream_reader, self.upstream_writer = await asyncio.open_connection(host, port)
        except OSError:
            self.client_writer.close()
            return
        tasks = [asyncio.create_task(t) for t in (
            self.deliver(), self.far_end(), self.read_upstream(),
            self.carry(self.proxy.up, self.read_client, self.up_queue, self.ready_at),
            self.carry(self.proxy.down, self.down_source.get, self.down_queue))]
        running = set(tasks)
        while running:  # until the answers end (deliver) or any part fails
            done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            if tasks[0] in done or any(t.exception() for t in done):
                break
        for task in running:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for writer in (self.client_writer, self.upstream_writer):
            writer.close()
        for request in self.pending:  # asked, never answered: the tool went away
            self.proxy.finish(request, None)

    async def carry(self, link, take, queue, not_before=0.0):
        """Puts what TAKE gives, (bytes, tag), on LINK and into QUEUE with the time it arrives at the
        other end, as fast as the link takes it. Empty bytes are the end, and arrive after the rest."""
        previous = 0.0
        while True:
            data, tag = await take()
            now = self.loop.time()
            left = link.send(len(data), max(now, not_before)) if data else max(now, link.free_at)
            await queue.put((left + link.delay, data, tag))
            if not data:
                return
            previous = await hold_back(previous, left, now)

    async def read_client(self):
        """The tool's next bytes, and when they came."""
        data = await self.client_reader.read(CHUNK)
        return data, self.loop.time()

    async def far_end(self):
        """The bytes as they arrive at the server's side: TLS taken off, requests timed, passed on."""
        while True:
            arrives, data, sent = await self.up_queue.get()
            await self.sleep_until(arrives)
            if not data:
                self.upstream_writer.close()
                return
            plain = self.decrypt(data) if self.tls else data
            for event, head in self.requests.feed(plain):
                if event == "head":
                    (method, target, *_), headers = parse_head(head)
                    request = {"conn": self.number, "nth": self.sent, "op": describe(method, target, headers),
                               "method": method, "start": sent, "end": None, "status": None, "up": 0, "down": 0}
                    self.sent += 1
                    self.pending.append(request)
                    self.requests.expect_body(headers)
            if self.pending:
                self.pending[-1]["up"] += len(plain)
            if plain:
                self.upstream_writer.write(plain)
                await self.upstream_writer.drain()
            await self.flush_tls()

    def decrypt(self, data):
        self.incoming.write(data)
        if not self.handshaken:
            try:
                self.tls.do_handshake()
                self.handshaken = True
                self.proxy.handshakes += 1
                self.proxy.tls_versions.add(self.tls.version())
            except ssl.SSLWantReadError:
                return b""
        plain = bytearray()
        while True:
            try:
                piece = self.tls.read(CHUNK)
            except (ssl.SSLWantReadError, ssl.SSLZeroReturnError):
                break
            if not piece:
                break
            plain += piece
        return bytes(plain)

    async def flush_tls(self, callbacks=()):
        if self.tls and self.outgoing.pending:
            await self.down_source.put((self.outgoing.read(), list(callbacks)))

    async def read_upstream(self):
        """The server's answers: ends of requests found, TLS put on, handed to the down link."""
        while True:
            data = await self.upstream_reader.read(CHUNK)
            if not data:
                await self.down_source.put((b"", []))
                return
            finished = []
            for event, head in self.responses.feed(data):
                request = self.pending[0] if self.pending else None
                if event == "head":
                    (_, status, *_), headers = parse_head(head)
                    interim = status.startswith("1")
                    if request:
                        request["status"] = int(status)
                        request["continued"] = request.get("continued", False) or status == "100"
                    no_body = interim or status in ("204", "304") or (request and request["method"] == "HEAD")
                    if self.responses.expect_body(headers, not no_body) and not interim:
                        finished.append(self.pending.popleft())
                elif request:
                    finished.append(self.pending.popleft())
            answering = finished[0] if finished else self.pending[0] if self.pending else None
            if answering:
                answering["down"] += len(data)
            if self.tls:
                self.tls.write(data)
                await self.flush_tls(finished)
            else:
                await self.down_source.put((data, finished))

    async def deliver(self):
        """The answers as the tool receives them: the end of each request is timed here."""
        while True:
            arrives, data, finished = await self.down_queue.get()
            await self.sleep_until(arrives)
            if not data:
                return
            self.client_writer.write(data)
            await self.client_writer.drain()
            now = self.loop.time()
            for request in finished:
                self.proxy.finish(request, now)

    async def sleep_until(self, when):
        wait = when - self.loop.time()
        if wait > 0:
            await asyncio.sleep(wait)


class Proxy:
    def __init__(self, upstream, rtt, up_rate, down_rate, tls_context):
        self.upstream, self.rtt, self.tls_context = upstream, rtt, tls_context
        self.up, self.down = Link(up_rate, rtt / 2), Link(down_rate, rtt / 2)
        self.open = 0
        self.accepted = []
        self.finished = []
        self.handshakes = 0
        self.tls_versions = set()
        self.idle = asyncio.Event()
        self.idle.set()

    async def serve(self, reader, writer):
        self.open += 1
        self.idle.clear()
        connection = Connection(self, len(self.accepted), reader, writer)
        self.accepted.append(connection.accepted)
        try:
            await connection.run()
        except asyncio.CancelledError:
            pass  # the proxy is stopping
        finally:
            self.open -= 1
            if self.open == 0:
                self.idle.set()

    def finish(self, request, end):
        request["end"] = end
        self.finished.append(request)

    async def take(self):
        """Everything since the last take, once the tool's connections have closed."""
        try:
            await asyncio.wait_for(self.idle.wait(), 10)
        except asyncio.TimeoutError:
            pass
        report = {"requests": self.finished, "connections": self.accepted, "handshakes": self.handshakes,
                  "tls": sorted(self.tls_versions), "up_bytes": self.up.bytes, "down_bytes": self.down.bytes,
                  "open": self.open}
        self.finished, self.handshakes, self.tls_versions = [], 0, set()
        self.accepted = [None] * len(self.accepted)  # numbering goes on; times already reported are not sent again
        self.up.bytes = self.down.bytes = 0
        report["connections"] = {n: t for n, t in enumerate(report["connections"]) if t is not None}
        return report


async def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--upstream", required=True, help="HOST:PORT of the plain-HTTP S3 server")
    ap.add_argument("--rtt-ms", type=float, default=0)
    ap.add_argument("--up-mbit", type=float, default=0, help="0: unlimited")
    ap.add_argument("--down-mbit", type=float, default=0, help="0: unlimited")
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    a = ap.parse_args()
    host, port = a.upstream.rsplit(":", 1)
    context = None
    if a.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(a.tls_cert, a.tls_key)
    proxy = Proxy((host, int(port)), a.rtt_ms / 1000, a.up_mbit * 125_000, a.down_mbit * 125_000, context)
    server = await asyncio.start_server(proxy.serve, "127.0.0.1", 0, limit=CHUNK * 4)
    print(f"listening {server.sockets[0].getsockname()[1]}", flush=True)
    loop = asyncio.get_running_loop()
    commands = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(commands), sys.stdin)
    while True:
        line = (await commands.readline()).decode().strip()
        if line == "take":
            sys.stdout.write(json.dumps(await proxy.take()) + "\n")
            sys.stdout.flush()
        elif line in ("quit", ""):
            break
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
