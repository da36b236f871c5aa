package dev.tokenward.enrich;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Country names as sources write them ("United States", "Finland") to ISO 3166-1 alpha-2 codes. */
public final class Countries {
    private static final Map<String, String> CODES = new HashMap<>();

    static {
        for (String code : Locale.getISOCountries()) {
            Locale country = new Locale("", code);
            CODES.put(country.getDisplayCountry(Locale.ENGLISH).toLowerCase(Locale.ROOT), code);
            CODES.put(country.getDisplayCountry(Locale.ENGLISH), code);
            CODES.put(code.toLowerCase(Locale.ROOT), code);
        }
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
        if (nameOrCode.length() == 2 && Character.isUpperCase(nameOrCode.charAt(0)) && Character.isUpperCase(nameOrCode.charAt(1))) {
            return nameOrCode;
        }
        String code = CODES.get(nameOrCode);
        if (code == null) {
            code = CODES.get(nameOrCode.trim().toLowerCase(Locale.ROOT));
        }
        return code != null ? code : nameOrCode;
    }
}
