package dev.switchboard.mail;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlTextTest {

    @Test
    void strips_tags_and_keeps_blocks_as_lines() {
        assertThat(HtmlText.toText("<html><body><p>Pump <b>3</b> is  down.</p><div>Call   the\n on-call.</div></body></html>"))
                .isEqualTo("Pump 3 is down.\n\nCall the on-call.");
    }

    @Test
    void drops_script_style_and_head_content() {
        String html = "<html><head><title>Alert</title><style>p{color:red}</style></head><body>"
                + "<script type=\"text/javascript\">alert('x < y')</script><p>Door open</p>"
                + "<SCRIPT>document.write('<p>injected</p>')</SCRIPT></body></html>";

        assertThat(HtmlText.toText(html)).isEqualTo("Door open");
    }

    @Test
    void decodes_named_and_numeric_entities() {
        assertThat(HtmlText.toText("Tom &amp; Jerry &lt;3 &quot;hi&quot; &#8364;5 &#x1F600; caf&eacute;&nbsp;ok"))
                .isEqualTo("Tom & Jerry <3 \"hi\" €5 😀 café ok");
    }

    @Test
    void decoded_markup_stays_text() {
        assertThat(HtmlText.toText("&lt;script&gt;alert(1)&lt;/script&gt;")).isEqualTo("<script>alert(1)</script>");
    }

    @Test
    void keeps_unknown_entities_and_lone_ampersands_as_text() {
        assertThat(HtmlText.toText("R&D &bogus; a && b")).isEqualTo("R&D &bogus; a && b");
    }

    @Test
    void invalid_code_points_become_replacement_characters() {
        assertThat(HtmlText.toText("a&#0;b&#xD800;c&#99999999;d")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd");
    }

    @Test
    void line_breaks_and_list_items() {
        assertThat(HtmlText.toText("one<br>two<br/>three<ul><li>a</li><li>b</li></ul>"))
                .isEqualTo("one\ntwo\nthree\n- a\n- b");
    }

    @Test
    void blockquotes_become_quoted_lines() {
        assertThat(HtmlText.toText("<div>Yes</div><blockquote><p>Are you there?</p><blockquote>deep</blockquote></blockquote>"))
                .isEqualTo("Yes\n\n> Are you there?\n\n>> deep");
    }

    @Test
    void comments_doctype_and_attributes_with_angle_brackets_leave_no_trace() {
        assertThat(HtmlText.toText("<!DOCTYPE html><!-- <p>hidden</p> --><a title=\"a > b\" href='x'>link</a>"))
                .isEqualTo("link");
    }

    @Test
    void a_less_than_sign_that_opens_no_tag_is_text() {
        assertThat(HtmlText.toText("<p>3 < 5 and 1 <2</p>")).isEqualTo("3 < 5 and 1 <2");
    }

    @Test
    void unclosed_script_drops_the_rest() {
        assertThat(HtmlText.toText("<p>before</p><script>steal()")).isEqualTo("before");
    }

    @Test
    void preformatted_text_keeps_its_spaces_and_lines() {
        assertThat(HtmlText.toText("<pre>a  b\n  c</pre>")).isEqualTo("a  b\n  c");
    }

    @Test
    void table_cells_are_separated() {
        assertThat(HtmlText.toText("<table><tr><td>Pump</td><td>3</td></tr><tr><td>Temp</td><td>90</td></tr></table>"))
                .isEqualTo("Pump 3\nTemp 90");
    }

    @Test
    void a_long_run_of_ampersands_and_open_brackets_is_handled_in_linear_time() {
        String hostile = "&".repeat(200_000) + "<a".repeat(100_000) + "<script>" + "</scrip".repeat(50_000);

        assertThat(HtmlText.toText(hostile)).startsWith("&&&&").hasSize(200_000);
    }
}
