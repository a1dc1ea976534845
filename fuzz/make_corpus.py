#!/usr/bin/env python3
"""Writes the fuzz seed corpus (fuzz/corpus/<target>/), small and deterministic.

fuzz_capture_file: captures from ../shared/tools/gen_tcp_pcap.py (--conns 3, every link type it
writes, IPv6 and RST mixes, nanoseconds), a big-endian pcap, and pcapng files with the blocks
and options libpcap reads (IDB if_tsresol/if_tsoffset, EPB, SPB, NRB, ISB, custom blocks).
fuzz_decode_frame: single frames, each prefixed with its link type and the bytes the wire had
beyond the capture (2 + 2 bytes, big-endian), as fuzz_decode_frame.cpp reads them.

    python3 fuzz/make_corpus.py [--tools ../shared/tools]
"""
import argparse
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def read_pcap(path):
    """(linktype, [(sec, frac, data, origlen)]) of a little-endian pcap."""
    with open(path, "rb") as f:
        raw = f.read()
    magic, _, _, _, _, _, linktype = struct.unpack("<IHHiIII", raw[:24])
    assert magic in (0xA1B2C3D4, 0xA1B23C4D), hex(magic)
    pos, records = 24, []
    while pos + 16 <= len(raw):
        sec, frac, caplen, origlen = struct.unpack("<IIII", raw[pos:pos + 16])
        records.append((sec, frac, raw[pos + 16:pos + 16 + caplen], origlen))
        pos += 16 + caplen
    return linktype, records


def pad4(b):
    return b + b"\0" * (-len(b) % 4)


def block(btype, body):
    body = pad4(body)
    return struct.pack("<II", btype, 12 + len(body)) + body + struct.pack("<I", 12 + len(body))


def option(code, value):
    return struct.pack("<HH", code, len(value)) + pad4(value)


def pcapng(linktype, records, tsresol=None, tsoffset=None, extras=True):
    shb = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1) + option(4, b"make_corpus.py") + option(0, b""))
    opts = b""
    if tsresol is not None:
        opts += option(9, bytes([tsresol]))
    if tsoffset is not None:
        opts += option(14, struct.pack("<q", tsoffset))
    if opts:
        opts += option(0, b"")
    idb = block(1, struct.pack("<HHI", linktype, 0, 262144) + opts)
    out = shb + idb
    if extras:
        out += block(0x00000BAD, struct.pack("<I", 32473) + b"custom, copiable")
        out += block(4, struct.pack("<HH", 1, 8) + bytes([127, 0, 0, 1]) + b"lo\0\0" + struct.pack("<HH", 0, 0))
    for i, (sec, frac, data, origlen) in enumerate(records):
        units = 10 ** 9 if tsresol == 9 else 10 ** 6
        t = sec * units + frac * (units // 10 ** 6)
        if extras and i == 1:  # a Simple Packet Block: no interface, no time
            out += block(3, struct.pack("<I", origlen) + data)
            continue
        out += block(6, struct.pack("<IIIII", 0, t >> 32, t & 0xFFFFFFFF, len(data), origlen) + data)
    if extras:
        out += block(5, struct.pack("<III", 0, 0, 0) + option(4, struct.pack("<Q", len(records))) + option(0, b""))
        out += block(0x40000BAD, struct.pack("<I", 32473) + b"custom, not to be copied")
    return out


def pcap_big_endian(linktype, records):
    out = struct.pack(">IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, linktype)
    for sec, frac, data, origlen in records:
        out += struct.pack(">IIII", sec, frac, len(data), origlen) + data
    return out


def frame_input(linktype, data, beyond=0):
    return struct.pack(">HH", linktype, beyond) + data


def tcp(sport, dport, seq, ack, flags, opts=b"", payload=b""):
    opts = pad4(opts)
    return struct.pack(">HHIIHHHH", sport, dport, seq, ack, ((20 + len(opts)) // 4) << 12 | flags, 65535, 0, 0) + opts + payload


def ipv4(payload, proto=6):
    return struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0x4000, 64, proto, 0,
                       bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])) + payload


def ipv6(payload, next_header=6):
    return struct.pack(">IHBB16s16s", 0x60000000, len(payload), next_header, 64,
                       bytes(15) + b"\1", bytes([0x20, 0x01, 0x0d, 0xb8]) + bytes(11) + b"\2") + payload


def hand_made_frames():
    syn_opts = (struct.pack(">BBH", 2, 4, 1460) + b"\x04\x02" + struct.pack(">BBII", 8, 10, 1, 0)
                + b"\x01\x03\x03\x07")
    sack = b"\x01\x01" + struct.pack(">BBIIII", 5, 18, 100, 200, 300, 400)
    syn = tcp(40000, 80, 1000, 0, 0x02, syn_opts)
    data_sack = tcp(80, 40000, 5001, 1001, 0x18, sack, b"GET / HTTP/1.0\r\n\r\n")
    eth_v4 = bytes(12) + b"\x08\x00"
    vlan2 = bytes(12) + b"\x88\xa8\x00\x64\x81\x00\x00\xc8\x08\x00"
    # IPv6: hop-by-hop (8 bytes), then a first fragment (offset 0, more fragments), then TCP.
    hbh = bytes([44, 0]) + bytes([1, 4, 0, 0, 0, 0])
    frag = bytes([6, 0]) + struct.pack(">HI", 0x0001, 0x1234)
    v6_ext = ipv6(hbh + frag + syn, next_header=0)
    sll2 = struct.pack(">HHIHBB8s", 0x86DD, 0, 1, 772, 0, 6, bytes(8))
    return {
        "eth-ipv4-syn-options": frame_input(1, eth_v4 + ipv4(syn)),
        "eth-qinq-ipv4-sack-data": frame_input(1, vlan2 + ipv4(data_sack)),
        "eth-ipv4-syn-cut-by-snaplen": frame_input(1, (eth_v4 + ipv4(syn))[:50], 24),
        "loop-ipv4-syn": frame_input(108, struct.pack(">I", 2) + ipv4(syn)),
        "null-ipv6-ext-headers": frame_input(0, struct.pack("<I", 30) + v6_ext),
        "sll2-ipv6-sack-data": frame_input(276, sll2 + ipv6(data_sack)),
        "raw-ipv4-tso-zero-length": frame_input(12, struct.pack(">BBH", 0x45, 0, 0) + ipv4(syn)[4:]),
        "ipv4-linktype-udp": frame_input(228, ipv4(b"\0\x35\0\x35\0\x08\0\0", proto=17)),
        "ipv6-linktype-syn": frame_input(229, ipv6(syn)),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tools", default=os.path.join(HERE, "..", "..", "shared", "tools"))
    args = ap.parse_args()
    gen = os.path.join(args.tools, "gen_tcp_pcap.py")
    files_dir = os.path.join(HERE, "corpus", "fuzz_capture_file")
    frames_dir = os.path.join(HERE, "corpus", "fuzz_decode_frame")
    os.makedirs(files_dir, exist_ok=True)
    os.makedirs(frames_dir, exist_ok=True)

    runs = {
        "en10mb.pcap": ["--linktype", "en10mb"],
        "en10mb-ipv6-rst.pcap": ["--linktype", "en10mb", "--ipv6-frac", "0.5", "--rst-frac", "0.5", "--seed", "2"],
        "null-ipv6.pcap": ["--linktype", "null", "--ipv6-frac", "0.5", "--seed", "3"],
        "raw.pcap": ["--linktype", "raw", "--ipv6-frac", "0.3", "--seed", "4"],
        "sll.pcap": ["--linktype", "sll", "--rst-frac", "0.3", "--seed", "5"],
        "en10mb-nsec.pcap": ["--linktype", "en10mb", "--nsec", "--seed", "6"],
    }
    parsed = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, extra in runs.items():
            path = os.path.join(tmp, name)
            subprocess.run([sys.executable, gen, path, "--conns", "3", "--payload", "24"] + extra,
                           check=True, stdout=subprocess.DEVNULL)
            with open(path, "rb") as f:
                raw = f.read()
            with open(os.path.join(files_dir, name), "wb") as f:
                f.write(raw)
            parsed[name] = read_pcap(path)

    linktype, records = parsed["en10mb-ipv6-rst.pcap"]
    outputs = {
        "big-endian.pcap": pcap_big_endian(linktype, records[:12]),
        "blocks.pcapng": pcapng(linktype, records[:14]),
        "nanoseconds-offset.pcapng": pcapng(linktype, records[:8], tsresol=9, tsoffset=-3600, extras=False),
        "sll.pcapng": pcapng(*parsed["sll.pcap"], extras=False),
    }
    for name, raw in outputs.items():
        with open(os.path.join(files_dir, name), "wb") as f:
            f.write(raw)

    for name, (linktype, records) in parsed.items():
        base = os.path.splitext(name)[0]
        for i in (0, 1, 3):  # SYN, SYN+ACK, first data
            with open(os.path.join(frames_dir, f"{base}-{i}"), "wb") as f:
                f.write(frame_input(linktype, records[i][2]))
    for name, raw in hand_made_frames().items():
        with open(os.path.join(frames_dir, name), "wb") as f:
            f.write(raw)


if __name__ == "__main__":
    main()
