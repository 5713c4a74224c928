package io.github.moqmux.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.moqmux.MoqMuxException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written JSON writer and reader, checked against JavaScript's output and against Jackson. */
class JsonTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    /** Expected strings are what {@code String(x)} / {@code JSON.stringify(x)} print in JavaScript. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "30.0                   | 30",
        "25                     | 25",
        "29.97002997002997      | 29.97002997002997",   // 30000/1001
        "23.976023976023978     | 23.976023976023978",  // 24000/1001
        "59.94005994005994      | 59.94005994005994",   // 60000/1001
        "0.30000000000000004    | 0.30000000000000004",
        "-1.5                   | -1.5",
        "-0.0                   | 0",
        "0.000001               | 0.000001",
        "1.0E-7                 | 1e-7",
        "1.23E-18               | 1.23e-18",
        "1.0E20                 | 100000000000000000000",
        "1.0E21                 | 1e+21",
        "2.0E23                 | 2e+23",
        "1.5E300                | 1.5e+300",
        "9.007199254740992E15   | 9007199254740992",
        "4.9E-324               | 5e-324",
        "1.7976931348623157E308 | 1.7976931348623157e+308",
        // JDK 17's Double.toString prints 2.82879384806159008E17 here: not the shortest digits.
        "2.82879384806159E17    | 282879384806159000",
        "0.3333333333333333     | 0.3333333333333333",
        "90                     | 90",
        "-270.5                 | -270.5",
    })
    void formatsNumbersAsJavaScriptDoes(double value, String expected) {
        assertThat(JsonWriter.number(value)).isEqualTo(expected);
    }

    @Test
    void numbersReadBackExactlyAndAreNeverLongerThanJavasOwnDigits() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            double d = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong()) : random.nextDouble() * 1000;
            if (!Double.isFinite(d)) {
                continue;
            }
            String s = JsonWriter.number(d);
            assertThat(Double.parseDouble(s)).as(s).isEqualTo(d == 0 ? 0.0 : d);
            assertThat(significantDigits(s)).as(s).isLessThanOrEqualTo(significantDigits(Double.toString(d)));
        }
    }

    private static int significantDigits(String number) {
        String mantissa = number.replaceFirst("[eE].*", "").replace("-", "").replace(".", "");
        return mantissa.replaceFirst("^0+", "").replaceFirst("0+$", "").length();
    }

    @Test
    void rejectsNonFiniteNumbers() {
        assertThatThrownBy(() -> JsonWriter.number(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonWriter.number(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void escapesStringsAsJsonStringifyDoes() {
        StringBuilder sb = new StringBuilder();
        JsonWriter.string(sb, "q\"b\\s/\b\f\n\r\t\u0000\u001f\u007f é€😀\u2028");
        assertThat(sb.toString()).isEqualTo(
                "\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0000\\u001f\u007f é€😀\u2028\"");
    }

    @Test
    void escapesUnpairedSurrogatesSoTheUtf8StaysValid() {
        StringBuilder sb = new StringBuilder();
        JsonWriter.string(sb, "a\ud800b\udc00c\udbff");
        assertThat(sb.toString()).isEqualTo("\"a\\ud800b\\udc00c\\udbff\"");
    }

    @Test
    void writerOutputIsValidForJackson() throws Exception {
        String name = "we\"ird\\\u0001\n😀";
        String json = new JsonWriter().beginObject()
                .name(name).beginArray().value(1).value(2.5).value("x").value(true).beginObject().endObject()
                .beginArray().endArray().endArray()
                .optional("absent", null).optional("n", 7L).optional("d", 0.1).optional("b", false).optional("s", "t")
                .name("raw").raw("{\"k\" : [null]}")
                .endObject().toString();
        assertThat(json).isEqualTo("{\"we\\\"ird\\\\\\u0001\\n😀\":[1,2.5,\"x\",true,{},[]],\"n\":7,\"d\":0.1,"
                + "\"b\":false,\"s\":\"t\",\"raw\":{\"k\" : [null]}}");
        JsonNode tree = JACKSON.readTree(json);
        assertThat(tree.get(name).get(1).asDouble()).isEqualTo(2.5);
        assertThat(tree.get("raw").get("k").get(0).isNull()).isTrue();
    }

    @Test
    void readerHandlesWhitespaceEscapesAndNesting() {
        String json = " \r\n\t{ \"a\\\"b\" : [ 1 , -0.5e+2 , 3E-1 , true , false , null , \"\\u00e9\\ud83d\\ude00\\n\\/\" ,"
                + " { } , [ ] ] , \"x\" : { \"y\" : { \"z\" : \"\" } } } \n";
        JsonReader.Obj root = (JsonReader.Obj) JsonReader.parse(json);
        assertThat(root.members()).containsOnlyKeys("a\"b", "x");
        JsonReader.Arr arr = (JsonReader.Arr) root.members().get("a\"b");
        assertThat(arr.items()).hasSize(9);
        assertThat(((JsonReader.Num) arr.items().get(1)).text()).isEqualTo("-0.5e+2");
        assertThat(JsonReader.decimal(arr.items().get(1), "p")).isEqualTo(-50.0);
        assertThat(JsonReader.decimal(arr.items().get(2), "p")).isEqualTo(0.3);
        assertThat(((JsonReader.Str) arr.items().get(6)).value()).isEqualTo("é😀\n/");
        // Spans cut out the exact source text of each value.
        JsonReader.Node x = root.members().get("x");
        assertThat(json.substring(x.start(), x.end())).isEqualTo("{ \"y\" : { \"z\" : \"\" } }");
    }

    @Test
    void readerAcceptsRawNonAsciiAndSurrogatePairs() {
        JsonReader.Str s = (JsonReader.Str) JsonReader.parse("\"日本語😀\"");
        assertThat(s.value()).isEqualTo("日本語😀");
    }

    @Test
    void duplicateNamesKeepTheLastValueAsJsonParseDoes() {
        JsonReader.Obj o = (JsonReader.Obj) JsonReader.parse("{\"a\":1,\"a\":2}");
        assertThat(((JsonReader.Num) o.members().get("a")).text()).isEqualTo("2");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "{", "}", "[", "[1,]", "[,1]", "{\"a\":1,}", "{,}", "{\"a\" 1}", "{a:1}", "{'a':1}", "{\"a\":}",
        "[1 2]", "{} x", "{}{}", "01", "-", "+1", "1.", ".5", "1e", "1e+", "-01", "0x10", "NaN", "Infinity",
        "-Infinity", "tru", "nul", "falsey", "\"abc", "\"a\\x\"", "\"a\\u12\"", "\"a\\u12g4\"", "\"\\ud800\"",
        "\"\\ud800\\u0041\"", "\"\\udc00\"", "\"\\ud800x\"", "\"tab\there\"", "\"nl\nhere\"", "\"\u0000\"",
        "\"\ud800\"", "\"\udc00x\"", "[1]\u0000", "\u00a0{}", "{\"a\":1}\u2028", "\\", "\"\\"
    })
    void readerRejectsInvalidJson(String json) {
        assertThatThrownBy(() -> JsonReader.parse(json))
                .isInstanceOfSatisfying(MoqMuxException.class,
                        e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.MALFORMED))
                .hasMessageStartingWith("bad JSON: ")
                .hasMessageContaining(" at character ");
    }

    @Test
    void readerBoundsNestingDepth() {
        String ok = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
        assertThat(JsonReader.parse(ok)).isInstanceOf(JsonReader.Arr.class);

        String tooDeep = "[".repeat(JsonReader.MAX_DEPTH + 1) + "]".repeat(JsonReader.MAX_DEPTH + 1);
        assertThatThrownBy(() -> JsonReader.parse(tooDeep))
                .isInstanceOf(MoqMuxException.class).hasMessageContaining("nesting deeper than 64");

        // Hostile input far deeper than the Java stack could follow: rejected early, no StackOverflowError.
        String hostile = "{\"a\":".repeat(1_000_000);
        assertThatThrownBy(() -> JsonReader.parse(hostile)).isInstanceOf(MoqMuxException.class);
    }

    @Test
    void readerBoundsNumberLiteralLength() {
        String longNumber = "1" + "0".repeat(500);
        assertThatThrownBy(() -> JsonReader.parse(longNumber))
                .isInstanceOf(MoqMuxException.class).hasMessageContaining("number literal longer than");
    }

    @ParameterizedTest
    @CsvSource({"1280, 1280", "1280.0, 1280", "1.28e3, 1280", "12800e-1, 1280", "0, 0", "-0, 0",
        "9223372036854775807, 9223372036854775807"})
    void integerFieldsAcceptAnyIntegralLiteral(String literal, long expected) {
        assertThat(JsonReader.integer(JsonReader.parse(literal), "f", Long.MIN_VALUE, Long.MAX_VALUE))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1280.5", "1e-1", "9223372036854775808", "1e19", "1e999999999", "1e-999999999",
        "1e99999999999", "\"1280\"", "true", "[1]"})
    void integerFieldsRejectOtherValues(String literal) {
        assertThatThrownBy(() -> JsonReader.integer(JsonReader.parse(literal), "f", Long.MIN_VALUE, Long.MAX_VALUE))
                .isInstanceOfSatisfying(MoqMuxException.class,
                        e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.MALFORMED))
                .hasMessageStartingWith("bad catalog: f ");
    }

    @Test
    void decimalFieldsRejectOverflow() {
        assertThatThrownBy(() -> JsonReader.decimal(JsonReader.parse("1e400"), "f"))
                .isInstanceOf(MoqMuxException.class);
        assertThat(JsonReader.decimal(JsonReader.parse("1e-400"), "f")).isEqualTo(0.0);
    }
}
