package dev.tokenward.simulate;

import dev.tokenward.simulate.Geography.Address;
import dev.tokenward.simulate.Geography.City;
import dev.tokenward.simulate.Geography.Kind;
import dev.tokenward.simulate.Geography.Network;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where attackers come from. Hosting abroad is the easy case; the others are what an analytic
 * might be tempted to exempt: commercial VPN exits (often in the victim's own country),
 * residential proxies and mobile addresses in the victim's country, and cloud regions there too.
 */
final class Infrastructure {

    /** An attacker's infrastructure, recorded as the storyline's variant. */
    enum Variant {
        HOSTING_ABROAD("hosting-abroad"),
        RESIDENTIAL_ABROAD("residential-abroad"),
        COMMERCIAL_VPN("commercial-vpn"),
        RESIDENTIAL_PROXY("residential-proxy"),
        MOBILE_CARRIER("mobile-carrier"),
        CLOUD_IN_COUNTRY("cloud-in-country");

        final String id;

        Variant(String id) {
            this.id = id;
        }
    }

    private static final double FAR_KM = 1500;

    private final Geography geography;

    Infrastructure(Geography geography) {
        this.geography = geography;
    }

    /** One address of the variant, for an attack on someone living in {@code victimHome}. */
    Address address(Variant variant, City victimHome, Rand r) {
        Network network = r.pick(networks(variant, victimHome));
        return geography.address(network, cityOf(network, victimHome, r), r);
    }

    /**
     * A rotating pool: {@code count} addresses of the variant in different /24s, spread over the
     * variant's networks (several ASNs where the victim's country has them), as proxy services and
     * spraying tools hand them out.
     */
    List<Address> rotating(Variant variant, City victimHome, int count, Rand r) {
        List<Network> networks = new ArrayList<>(networks(variant, victimHome));
        if (variant == Variant.RESIDENTIAL_PROXY) {
            networks.addAll(geography.networks(Kind.MOBILE, victimHome));
        }
        List<Address> pool = new ArrayList<>();
        Set<String> prefixes = new LinkedHashSet<>();
        for (int attempt = 0; pool.size() < count && attempt < count * 8; attempt++) {
            Network network = networks.get((attempt + r.below(networks.size())) % networks.size());
            Address address = geography.address(network, cityOf(network, victimHome, r), r);
            if (prefixes.add(address.ip().substring(0, address.ip().lastIndexOf('.')))) {
                pool.add(address);
            }
        }
        return pool;
    }

    private List<Network> networks(Variant variant, City home) {
        String country = home.country();
        List<Network> found = switch (variant) {
            case HOSTING_ABROAD -> geography.networks(Kind.HOSTING).stream()
                    .filter(n -> !n.country().equals(country) && n.city().kilometresTo(home) > FAR_KM).toList();
            case RESIDENTIAL_ABROAD -> List.of(geography.networks(Kind.RESIDENTIAL, geography.city("Lagos")).get(0),
                    geography.networks(Kind.RESIDENTIAL, geography.city("São Paulo")).get(0),
                    geography.networks(Kind.MOBILE, geography.city("Lagos")).get(0));
            case COMMERCIAL_VPN -> {
                List<Network> local = geography.networks(Kind.VPN).stream().filter(n -> n.country().equals(country)).toList();
                yield local.isEmpty() ? geography.networks(Kind.VPN) : local;
            }
            case RESIDENTIAL_PROXY -> geography.networks(Kind.RESIDENTIAL).stream()
                    .filter(n -> n.country().equals(country)).toList();
            case MOBILE_CARRIER -> geography.networks(Kind.MOBILE, home);
            case CLOUD_IN_COUNTRY -> geography.networks(Kind.CLOUD).stream().filter(n -> n.country().equals(country)).toList();
        };
        if (found.isEmpty()) {
            return geography.networks(Kind.HOSTING).stream().filter(n -> n.city().kilometresTo(home) > FAR_KM).toList();
        }
        return found;
    }

    /** Where the attacker's address is: the network's city, or for a country-wide carrier, a city of the country. */
    private City cityOf(Network network, City victimHome, Rand r) {
        if (network.city() != null) {
            return network.city();
        }
        List<City> cities = geography.residentialCities().stream().filter(c -> c.country().equals(network.country())).toList();
        return cities.isEmpty() ? victimHome : r.pick(cities);
    }
}
