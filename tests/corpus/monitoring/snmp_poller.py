"""Polls switch interface counters for the dashboard."""
from pysnmp.hlapi import (
    CommunityData,
    ContextData,
    ObjectIdentity,
    ObjectType,
    SnmpEngine,
    UdpTransportTarget,
    UsmUserData,
    getCmd,
    usmAesCfb128Protocol,
    usmHMACSHAAuthProtocol,
)

from monitoring.settings import SNMP_AUTH_KEY, SNMP_PRIV_KEY


def legacy_poll(host):
    auth = CommunityData("public", mpModel=0)  # expect: CWE-319
    return getCmd(SnmpEngine(), auth, UdpTransportTarget((host, 161)), ContextData(),
                  ObjectType(ObjectIdentity("IF-MIB", "ifInOctets", 1)))


def v3_without_privacy(host):
    auth = UsmUserData("poller")  # expect: CWE-319
    return getCmd(SnmpEngine(), auth, UdpTransportTarget((host, 161)), ContextData(),
                  ObjectType(ObjectIdentity("IF-MIB", "ifInOctets", 1)))


def v3_poll(host):
    auth = UsmUserData("poller", SNMP_AUTH_KEY, SNMP_PRIV_KEY,  # safe: CWE-319
                       authProtocol=usmHMACSHAAuthProtocol, privProtocol=usmAesCfb128Protocol)
    return getCmd(SnmpEngine(), auth, UdpTransportTarget((host, 161)), ContextData(),
                  ObjectType(ObjectIdentity("IF-MIB", "ifInOctets", 1)))
