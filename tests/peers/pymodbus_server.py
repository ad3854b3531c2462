#!/usr/bin/python3
"""A Modbus slave written by others (pymodbus 3.0, Debian python3-pymodbus)
holding known values, for fieldtwin's driver tests and benchmarks.

Usage: /usr/bin/python3 pymodbus_server.py CONFIG_JSON

CONFIG_JSON:
  {"mode": "tcp" | "rtu_over_tcp" | "serial",
   "port": 0,                      # tcp modes; 0 picks a free port
   "device": "/dev/pts/3", "baud": 9600, "parity": "N", "bytesize": 8, "stopbits": 1,
   "units": {"1": {"hr": [...], "ir": [...], "co": [0, 1, ...], "di": [...],
                   "hr_typed": [{"type": "float32", "value": 1.5,
                                 "byteorder": "big", "wordorder": "little"}, ...]}},
   "size": 1000}                   # registers/bits per table (zero-filled past the values)

"hr_typed" / "ir_typed" fill the table from address 0 with values encoded by
pymodbus's own BinaryPayloadBuilder (the encoding under test is theirs, not
ours); byteorder "little" swaps the bytes in each word, wordorder "little"
puts the least significant word first.

Prints "READY <port>" (or "READY serial") on stdout once it answers.
Addresses are zero-based (zero_mode=True).
"""
import asyncio
import json
import logging
import sys

from pymodbus.constants import Endian
from pymodbus.datastore import (
    ModbusSequentialDataBlock,
    ModbusServerContext,
    ModbusSlaveContext,
)
from pymodbus.framer.rtu_framer import ModbusRtuFramer
from pymodbus.framer.socket_framer import ModbusSocketFramer
from pymodbus.payload import BinaryPayloadBuilder
from pymodbus.server.async_io import ModbusSerialServer, ModbusTcpServer

# pymodbus logs every client disconnect as an error; the tests cause many.
logging.disable(logging.CRITICAL)


def block(values, size):
    data = list(values) + [0] * max(0, size - len(values))
    return ModbusSequentialDataBlock(0, data)


ADD = {
    "int16": "add_16bit_int",
    "uint16": "add_16bit_uint",
    "int32": "add_32bit_int",
    "uint32": "add_32bit_uint",
    "float32": "add_32bit_float",
    "float64": "add_64bit_float",
}


def typed(values):
    regs = []
    for v in values:
        builder = BinaryPayloadBuilder(
            byteorder=Endian.Little if v.get("byteorder") == "little" else Endian.Big,
            wordorder=Endian.Little if v.get("wordorder") == "little" else Endian.Big,
        )
        getattr(builder, ADD[v["type"]])(v["value"])
        regs += builder.to_registers()
    return regs


def context(cfg):
    size = int(cfg.get("size", 1000))
    slaves = {}
    for unit, tables in cfg["units"].items():
        slaves[int(unit)] = ModbusSlaveContext(
            hr=block(typed(tables["hr_typed"]) if "hr_typed" in tables else tables.get("hr", []), size),
            ir=block(typed(tables["ir_typed"]) if "ir_typed" in tables else tables.get("ir", []), size),
            co=block([bool(v) for v in tables.get("co", [])], size),
            di=block([bool(v) for v in tables.get("di", [])], size),
            zero_mode=True,
        )
    return ModbusServerContext(slaves=slaves, single=False)


async def main():
    cfg = json.loads(sys.argv[1])
    ctx = context(cfg)
    mode = cfg.get("mode", "tcp")
    if mode == "serial":
        server = ModbusSerialServer(
            ctx,
            framer=ModbusRtuFramer,
            port=cfg["device"],
            baudrate=int(cfg.get("baud", 9600)),
            parity=cfg.get("parity", "N"),
            bytesize=int(cfg.get("bytesize", 8)),
            stopbits=int(cfg.get("stopbits", 1)),
            timeout=0.005,
        )
        await server.start()
        print("READY serial", flush=True)
        await server.serve_forever()
        return
    framer = ModbusRtuFramer if mode == "rtu_over_tcp" else ModbusSocketFramer
    server = ModbusTcpServer(
        ctx, framer, None, ("127.0.0.1", int(cfg.get("port", 0))), allow_reuse_address=True
    )
    task = asyncio.create_task(server.serve_forever())
    await server.serving
    port = server.server.sockets[0].getsockname()[1]
    print(f"READY {port}", flush=True)
    await task


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
