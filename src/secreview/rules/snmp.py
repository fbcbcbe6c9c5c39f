"""SNMP sessions that send credentials and data in clear text (pysnmp)."""
from __future__ import annotations

import ast

from secreview.findings import Confidence, Severity
from secreview.rules.api import Report, rule

_PYSNMP_PREFIXES = ("pysnmp.hlapi.", "pysnmp.hlapi.v3arch.", "pysnmp.hlapi.v1arch.", "pysnmp.hlapi.asyncio.",
                    "pysnmp.entity.rfc3413.oneliner.cmdgen.")
_COMMUNITY = tuple(f"{p}CommunityData" for p in _PYSNMP_PREFIXES)
_USM = tuple(f"{p}UsmUserData" for p in _PYSNMP_PREFIXES)
_SNMP_FIX = ("Use SNMPv3 with authentication and privacy: "
             "`UsmUserData(user, auth_key, priv_key, authProtocol=usmHMACSHAAuthProtocol, privProtocol=usmAesCfb128Protocol)`.")


@rule(
    "SR408",
    title="SNMPv1/v2c community string sent in clear text",
    cwe=319,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    calls=_COMMUNITY,
    fix=_SNMP_FIX,
)
def snmp_community(ctx, call: ast.Call):
    """## What it does
    Flags pysnmp `CommunityData(...)`, which selects SNMP version 1 or 2c.

    ## Why is this bad?
    SNMPv1 and v2c authenticate with a community string that travels in clear text with every
    request; anyone on the path can read it and then query or reconfigure the device.

    ## Example
    ```python
    from pysnmp.hlapi import CommunityData

    auth = CommunityData("monitoring", mpModel=1)
    ```

    ## Use instead
    ```python
    from pysnmp.hlapi import UsmUserData, usmAesCfb128Protocol, usmHMACSHAAuthProtocol

    auth = UsmUserData("monitor", AUTH_KEY, PRIV_KEY,
                       authProtocol=usmHMACSHAAuthProtocol, privProtocol=usmAesCfb128Protocol)
    ```
    """
    version = "v1" if ctx.keyword_value(call, "mpModel", 1) == 0 else "v2c"
    return Report(call, f"`CommunityData()` selects SNMP{version}: the community string and all data are sent "
                        "unencrypted and can be sniffed and replayed.")


@rule(
    "SR409",
    title="SNMPv3 user without authentication or privacy keys",
    cwe=319,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    calls=_USM,
    fix=_SNMP_FIX,
)
def snmp_no_privacy(ctx, call: ast.Call):
    """## What it does
    Flags pysnmp `UsmUserData(user)` created without an authentication key and a privacy key.

    ## Why is this bad?
    Without `authKey` the SNMPv3 messages are not authenticated (noAuthNoPriv), and without
    `privKey` they are not encrypted (authNoPriv): device data and settings cross the network in
    clear text.

    ## Example
    ```python
    from pysnmp.hlapi import UsmUserData

    auth = UsmUserData("monitor")
    ```

    ## Use instead
    ```python
    from pysnmp.hlapi import UsmUserData

    auth = UsmUserData("monitor", AUTH_KEY, PRIV_KEY)
    ```
    """
    auth = ctx.argument(call, 1, "authKey")
    priv = ctx.argument(call, 2, "privKey")
    if ctx.has_argument(call, 2, "privKey") and priv is None:
        return None  # hidden in *args/**kwargs
    if auth is not None and priv is not None:
        return None
    missing = "authentication and privacy keys" if auth is None else "a privacy key"
    return Report(call, f"`UsmUserData()` without {missing}: SNMPv3 traffic for this user is not encrypted.")
