package dev.tokenward.simulate;

import dev.tokenward.simulate.Geography.Address;
import dev.tokenward.simulate.Geography.City;
import dev.tokenward.simulate.Geography.Kind;
import dev.tokenward.simulate.Tenant.Device;

/**
 * Where a request comes from: the address (network and city), the device and its user agent, and
 * the named network zone the identity provider knows it as (the office and VPN egress).
 */
record Vantage(Address address, Device device, String userAgent, String zone) {

    static Vantage of(Address address, Device device) {
        return new Vantage(address, device, device == null ? null : device.userAgent(),
                address.network().kind() == Kind.OFFICE ? "Seattle HQ" : null);
    }

    /** A device (or none) with a given user agent at an address. */
    static Vantage at(Address address, Device device, String userAgent) {
        return new Vantage(address, device, userAgent, address.network().kind() == Kind.OFFICE ? "Seattle HQ" : null);
    }

    /** A client with no enrolled device, such as a script or an attacker's browser. */
    static Vantage tool(Address address, String userAgent) {
        return new Vantage(address, null, userAgent, null);
    }

    String ip() {
        return address.ip();
    }

    City city() {
        return address.city();
    }

    Vantage withUserAgent(String agent) {
        return new Vantage(address, device, agent, zone);
    }
}
