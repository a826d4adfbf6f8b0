#!/usr/bin/env python3
"""A running app for Ferry's live-data tests: keeps writing its data folder until killed.

usage: live_writer.py DIR [--mb N]

- Data/agents.db (WAL) and Data/KnowledgeBase/kb.sqlite (rollback journal): every transaction
  adds rows to `messages` and sets `state.total` to their count, so only a consistent copy has
  count(messages) == total.
- IndexedDB/file__0.indexeddb.leveldb: a LevelDB-like folder that moves through generations as
  a compaction does: generation N writes N.ldb, MANIFEST-N and N.log, switches CURRENT to
  MANIFEST-N (write and rename), then removes generation N-1; N.log grows between compactions.
  Every file of generation N carries N (expected() gives each file's exact content).
Prints "ready" once the first generation and both databases exist.
"""
import os, sqlite3, sys, time

LDB = "IndexedDB/file__0.indexeddb.leveldb"

def expected(name, n):
    if name.endswith(".ldb"):
        return ("table of generation %d\n" % n).encode() * 20000
    if name.startswith("MANIFEST-"):
        return ("manifest of generation %d\n" % n).encode()
    if name.endswith(".log"):
        return b"".join(("generation %d record %d\n" % (n, i)).encode() for i in range(1000))
    raise ValueError(name)

def write_generation(folder, n):
    for name in ("%06d.ldb" % n, "MANIFEST-%06d" % n):
        with open(os.path.join(folder, name), "wb") as f:
            f.write(expected(name, n))
    open(os.path.join(folder, "%06d.log" % n), "wb").close()
    with open(os.path.join(folder, "CURRENT.tmp"), "wb") as f:
        f.write(b"MANIFEST-%06d\n" % n)
    os.replace(os.path.join(folder, "CURRENT.tmp"), os.path.join(folder, "CURRENT"))
    for name in ("%06d.ldb" % (n - 1), "MANIFEST-%06d" % (n - 1), "%06d.log" % (n - 1)):
        try:
            os.remove(os.path.join(folder, name))
        except FileNotFoundError:
            pass

def open_db(path, wal, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    db.execute("pragma journal_mode=%s" % ("wal" if wal else "delete"))
    db.execute("create table if not exists messages(id integer primary key, body text)")
    db.execute("create table if not exists state(total integer)")
    db.execute("begin")
    db.execute("delete from state")
    db.executemany("insert into messages(body) values (?)", (("seed message %d %s" % (i, "x" * 400),) for i in range(rows)))
    db.execute("insert into state values ((select count(*) from messages))")
    db.execute("commit")
    return db

def transact(db, i):
    db.execute("begin immediate")
    db.executemany("insert into messages(body) values (?)", (("message %d.%d %s" % (i, k, "y" * 300),) for k in range(20)))
    if i % 7 == 0:
        db.execute("delete from messages where id in (select id from messages order by random() limit 5)")
    db.execute("update state set total = (select count(*) from messages)")
    db.execute("commit")

def main():
    root = sys.argv[1]
    mb = int(sys.argv[sys.argv.index("--mb") + 1]) if "--mb" in sys.argv else 4
    folder = os.path.join(root, LDB)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "LOCK"), "wb"):
        pass
    n = 1
    write_generation(folder, n)
    rows = mb * 1024 * 1024 // 450
    wal = open_db(os.path.join(root, "Data", "agents.db"), True, rows)
    rollback = open_db(os.path.join(root, "Data", "KnowledgeBase", "kb.sqlite"), False, rows // 4)
    print("ready", flush=True)
    i = record = 0
    last_compaction = time.monotonic()
    log = expected("x.log", n).splitlines(keepends=True)
    while True:
        i += 1
        transact(wal, i)
        transact(rollback, i)
        if time.monotonic() - last_compaction > 0.4 or record >= len(log):
            n += 1
            write_generation(folder, n)
            log, record, last_compaction = expected("x.log", n).splitlines(keepends=True), 0, time.monotonic()
        elif i % 5 == 0:
            with open(os.path.join(folder, "%06d.log" % n), "ab") as f:
                f.write(log[record])
            record += 1
        time.sleep(0.02)

if __name__ == "__main__":
    main()
