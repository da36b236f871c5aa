package dev.tokenward.enrich;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Country names as sources write them ("United States", "Finland") to ISO 3166-1 alpha-2 codes.
 * The JDK's English names are completed with the spellings that differ between JDK versions and
 * geolocation vendors ("Türkiye" and "Turkey", "Bosnia and Herzegovina"), so that one country is
 * one code on every machine.
 */
public final class Countries {
    private static final Map<String, String> CODES = new HashMap<>();

    static {
        for (String code : Locale.getISOCountries()) {
            Locale country = new Locale("", code);
            String name = country.getDisplayCountry(Locale.ENGLISH).toLowerCase(Locale.ROOT);
            CODES.put(name, code);
            CODES.put(name.replace(" & ", " and "), code);
            CODES.put(code.toLowerCase(Locale.ROOT), code);
        }
        CODES.put("türkiye", "TR");
        CODES.put("turkey", "TR");
        CODES.put("bosnia and herzegovina", "BA");
        CODES.put("trinidad and tobago", "TT");
        CODES.put("antigua and barbuda", "AG");
        CODES.put("saint kitts and nevis", "KN");
        CODES.put("saint vincent and the grenadines", "VC");
        CODES.put("sao tome and principe", "ST");
        CODES.put("myanmar", "MM");
        CODES.put("myanmar (burma)", "MM");
        CODES.put("burma", "MM");
        CODES.put("macao", "MO");
        CODES.put("macau", "MO");
        CODES.put("ivory coast", "CI");
        CODES.put("côte d'ivoire", "CI");
        CODES.put("cote d'ivoire", "CI");
        CODES.put("saint lucia", "LC");
        CODES.put("czechia", "CZ");
        CODES.put("north macedonia", "MK");
        CODES.put("eswatini", "SZ");
        CODES.put("cabo verde", "CV");
        CODES.put("palestine", "PS");
        CODES.put("laos", "LA");
        CODES.put("syria", "SY");
        CODES.put("iran", "IR");
        CODES.put("moldova", "MD");
        CODES.put("bolivia", "BO");
        CODES.put("venezuela", "VE");
        CODES.put("tanzania", "TZ");
        CODES.put("brunei", "BN");
        CODES.put("united states of america", "US");
        CODES.put("usa", "US");
        CODES.put("uk", "GB");
        CODES.put("great britain", "GB");
        CODES.put("russia", "RU");
        CODES.put("south korea", "KR");
        CODES.put("republic of korea", "KR");
        CODES.put("vietnam", "VN");
        CODES.put("czech republic", "CZ");
        CODES.put("the netherlands", "NL");
        CODES.put("hong kong", "HK");
        CODES.put("taiwan", "TW");
    }

    private Countries() {
    }

    /** The ISO code for a name or code; the input itself when it is neither. */
    public static String code(String nameOrCode) {
        if (nameOrCode == null) {
            return null;
        }
        String code = CODES.get(nameOrCode.trim().toLowerCase(Locale.ROOT));
        return code != null ? code : nameOrCode;
    }
}
