//! Handlebars templates that produce Typst. Person data never becomes markup: every `{{value}}`
//! is printed as a Typst string literal (`#"…";`), so `#read("/etc/passwd")`, `$x$`, `*x*`,
//! `{{x}}`, `<x>` and backslashes print as the characters they are.

use handlebars::Handlebars;
use serde_json::Value;

use crate::assets::{Assets, EMBEDDED};
use crate::error::Error;

/// Escapes text for Typst markup: a string literal embedded with `#` and ended with `;`. Text with
/// a right-to-left letter (a Hebrew or Arabic name) is set with kerning, which the papers otherwise
/// leave off: Typst 0.15 panics exporting right-to-left text set without it.
pub fn typst_text(value: &str) -> String {
    let rtl = value.chars().any(|c| {
        use unicode_bidi::BidiClass::*;
        matches!(unicode_bidi::bidi_class(c), R | AL | RLE | RLO | RLI)
    });
    let mut out = String::with_capacity(value.len() + 24);
    out.push_str(if rtl {
        "#text(kerning: true, \""
    } else {
        "#\""
    });
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push_str(if rtl { "\");" } else { "\";" });
    out
}

/// `{{num value}}`: a whole number for Typst code (`first-page: {{num part.first_page}}`). Anything
/// but a number is an error, so nothing else can reach code mode.
fn number_helper(
    h: &handlebars::Helper,
    _: &Handlebars,
    _: &handlebars::Context,
    _: &mut handlebars::RenderContext,
    out: &mut dyn handlebars::Output,
) -> handlebars::HelperResult {
    let value = h
        .param(0)
        .and_then(|p| p.value().as_u64())
        .ok_or_else(|| handlebars::RenderErrorReason::InvalidParamType("a whole number"))?;
    out.write(&value.to_string())?;
    Ok(())
}

pub struct Templates {
    registry: Handlebars<'static>,
}

impl Templates {
    /// Compiles every template once. Strict mode: a missing value is an error, never a blank on a
    /// court paper. Raw output (`{{{x}}}`, `{{&x}}`) is refused: it would let data become markup.
    pub fn compile(assets: &Assets) -> Result<Templates, Error> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(typst_text);
        registry.register_helper("num", Box::new(number_helper));
        for (path, _) in EMBEDDED.iter().filter(|(p, _)| p.ends_with(".typ.hbs")) {
            let shown = assets.shown(path);
            let text = assets.text(path)?;
            if let Some((line, _)) = text
                .lines()
                .enumerate()
                .find(|(_, l)| l.contains("{{{") || l.contains("{{&") || l.contains("{{~{"))
            {
                return Err(Error::Template {
                    template: shown,
                    message: format!(
                        "line {}: raw output ({{{{{{…}}}}}} or {{{{&…}}}}) is not allowed; use {{{{name}}}} so the value prints literally",
                        line + 1
                    ),
                });
            }
            let name = path.trim_start_matches("templates/");
            // What several papers print alike (the attorney block, the signature) is a partial,
            // `{{> attorney}}`, named after its file in templates/partials/.
            let registered = match name.strip_prefix("partials/") {
                Some(partial) => {
                    registry.register_partial(partial.trim_end_matches(".typ.hbs"), text)
                }
                None => registry.register_template_string(name, text),
            };
            registered.map_err(|e| {
                let at = e
                    .pos()
                    .map(|(l, c)| format!("line {l}, column {c}: "))
                    .unwrap_or_default();
                Error::Template {
                    template: shown.clone(),
                    message: format!("{at}{}", e.reason()),
                }
            })?;
        }
        Ok(Templates { registry })
    }

    /// Fills a template with data. An error names the template, the line and the missing value.
    pub fn fill(&self, template: &str, data: &Value, assets: &Assets) -> Result<String, Error> {
        self.registry.render(template, data).map_err(|e| {
            let at = match (e.line_no, e.column_no) {
                (Some(l), Some(c)) => format!("line {l}, column {c}: "),
                _ => String::new(),
            };
            let reason = match e.reason() {
                handlebars::RenderErrorReason::MissingVariable(Some(v)) => format!(
                    "unknown value `{v}`; check its spelling against the values `clearpress templates fields` lists (a template may only use values clearpress provides)"
                ),
                other => other.to_string(),
            };
            Error::Template { template: assets.shown(&format!("templates/{template}")), message: format!("{at}{reason}") }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_become_string_literals() {
        assert_eq!(typst_text("plain"), "#\"plain\";");
        assert_eq!(
            typst_text(r##"#read("/etc/passwd")"##),
            r##"#"#read(\"/etc/passwd\")";"##
        );
        assert_eq!(typst_text("a\\b"), "#\"a\\\\b\";");
        assert_eq!(typst_text("line\nbreak"), "#\"line break\";");
        assert_eq!(
            typst_text("COHEN,דוד"),
            "#text(kerning: true, \"COHEN,דוד\");"
        );
    }

    /// The string literal Typst parses out of `typst_text(value)`, embedded in markup.
    fn parsed_literal(value: &str) -> Option<String> {
        use typst::syntax::{SyntaxKind, SyntaxNode, ast};
        fn find(node: &SyntaxNode) -> Option<String> {
            if node.kind() == SyntaxKind::Str {
                return node.cast::<ast::Str>().map(|s| s.get().to_string());
            }
            node.children().find_map(find)
        }
        let root = typst::syntax::parse(&format!("before {} after", typst_text(value)));
        if !root.errors_and_warnings().0.is_empty() {
            return None;
        }
        find(&root)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// Whatever a name holds, Typst reads back exactly that text (control characters aside).
        #[test]
        fn any_value_stays_one_literal(value in "\\PC*") {
            let expected: String = value.chars().map(|c| if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c }).filter(|c| !c.is_control()).collect();
            proptest::prop_assert_eq!(parsed_literal(&value), Some(expected));
        }

        #[test]
        fn markup_heavy_values_stay_literal(value in "[#$*_{}<>@`\\\\\"'\\[\\]=/+~:;a-z ]{0,40}") {
            proptest::prop_assert_eq!(parsed_literal(&value), Some(value.clone()));
        }
    }

    #[test]
    fn num_takes_numbers_only() {
        let assets = Assets::embedded();
        let t = Templates::compile(&assets).unwrap();
        let mut reg = t.registry;
        reg.register_template_string("t", "{{num x}}").unwrap();
        assert_eq!(
            reg.render("t", &serde_json::json!({"x": 12})).unwrap(),
            "12"
        );
        assert!(
            reg.render("t", &serde_json::json!({"x": "#read(\"/etc/passwd\")"}))
                .is_err()
        );
    }

    #[test]
    fn strict_mode_names_the_missing_value() {
        let assets = Assets::embedded();
        let t = Templates::compile(&assets).unwrap();
        let err = t
            .fill("petition.typ.hbs", &serde_json::json!({}), &assets)
            .unwrap_err()
            .to_string();
        assert!(err.contains("petition.typ.hbs"), "{err}");
    }
}
