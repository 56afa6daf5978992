"""Writes a corpus of hostile archives (and two benign ones) into the folder given as argv[1].

Python's tarfile and zipfile write any name, type and mode they are told to, which is
what an attacker's tool does too; the tests then check each one is refused.
"""
import gzip
import io
import os
import stat
import sys
import tarfile
import zipfile

out = sys.argv[1]
outside = sys.argv[2]


def tar(name, members, compress=False):
    path = os.path.join(out, name)
    with tarfile.open(path, "w:gz" if compress else "w", format=tarfile.GNU_FORMAT) as archive:
        for info, data in members:
            archive.addfile(info, io.BytesIO(data) if data is not None else None)


def member(name, kind=tarfile.REGTYPE, data=b"", linkname="", mode=0o644):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.mode = mode
    info.linkname = linkname
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    return info, (data if kind == tarfile.REGTYPE else None)


tar("tar-zip-slip.tar", [member("ok.txt", data=b"ok"), member("../../escaped.txt", data=b"evil")])
tar("tar-absolute.tar", [member(os.path.join(outside, "absolute.txt"), data=b"evil")])
tar("tar-symlink-escape.tar", [member("link", tarfile.SYMTYPE, linkname="../../.."), member("link/escaped.txt", data=b"evil")])
tar("tar-symlink-absolute.tar", [member("etc", tarfile.SYMTYPE, linkname=outside)])
tar("tar-hardlink-escape.tar", [member("hard", tarfile.LNKTYPE, linkname="../../../etc/passwd")])
tar("tar-hardlink-absolute.tar", [member("hard", tarfile.LNKTYPE, linkname="/etc/passwd")])
tar("tar-device.tar", [member("ok.txt", data=b"ok"), member("null", tarfile.CHRTYPE)])
tar("tar-fifo.tar", [member("pipe", tarfile.FIFOTYPE)])
tar("tar-safe-links.tar.gz", [
    member("dir/file.txt", data=b"inside"),
    member("setuid.sh", data=b"#!/bin/sh\n", mode=0o4755),
    member("link", tarfile.SYMTYPE, linkname="dir/file.txt"),
    member("hard", tarfile.LNKTYPE, linkname="dir/file.txt"),
], compress=True)

# A tar.gz bomb: 64 MiB of zeros in about 65 KiB.
bomb_path = os.path.join(out, "tar-bomb.tar.gz")
with gzip.open(bomb_path, "wb", compresslevel=9) as raw:
    with tarfile.open(fileobj=raw, mode="w") as archive:
        info = tarfile.TarInfo("zeros.bin")
        info.size = 64 * 1024 * 1024

        class Zeros(io.RawIOBase):
            left = info.size

            def readable(self):
                return True

            def readinto(self, buffer):
                count = min(len(buffer), self.left)
                buffer[:count] = bytes(count)
                self.left -= count
                return count

        archive.addfile(info, io.BufferedReader(Zeros(), 1 << 20))


def zip_file(name, entries, compression=zipfile.ZIP_STORED):
    with zipfile.ZipFile(os.path.join(out, name), "w", compression) as archive:
        for entry_name, data, mode in entries:
            info = zipfile.ZipInfo(entry_name)
            info.create_system = 3
            info.external_attr = mode << 16
            info.compress_type = compression
            archive.writestr(info, data)


zip_file("zip-slip.zip", [("ok.txt", b"ok", 0o100644), ("../../escaped.txt", b"evil", 0o100644)])
zip_file("zip-absolute.zip", [(os.path.join(outside, "absolute.txt").lstrip("/").join(["/", ""]), b"evil", 0o100644)])
zip_file("zip-symlink-escape.zip", [("link", b"../../..", stat.S_IFLNK | 0o777)])
zip_file("zip-device.zip", [("null", b"", stat.S_IFCHR | 0o644)])
zip_file("zip-fifo.zip", [("pipe", b"", stat.S_IFIFO | 0o644)])
zip_file("zip-bomb.zip", [("zeros.bin", bytes(64 * 1024 * 1024), 0o100644)], zipfile.ZIP_DEFLATED)
zip_file("zip-safe.zip", [("top/a.txt", b"a", 0o100644), ("top/run.sh", b"#!/bin/sh\n", 0o104755), ("top/link", b"a.txt", stat.S_IFLNK | 0o777)])
