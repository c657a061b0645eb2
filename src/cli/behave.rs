//! zato-apitest's `features/config.ini` `[behave] options`: the behave command
//! line options a project passes on every run.
//!
//! Those with an apitest equivalent are honoured: `--tags`/`-t` (behave's
//! syntax: `@a,@b` is either, `~@x` is not, repeated options all apply),
//! `--format`/`-f` (`pretty`, `plain`, `progress`), `--stop`, `--name`/`-n`
//! and `--junit` with `--junit-directory` (one `TESTS-apitest.xml`). The rest are
//! named in a one-line notice and ignored.

/// What `[behave] options` asks for, in apitest's terms.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct BehaveOptions {
    /// Tag expressions (each already in apitest's syntax), all of which must hold.
    pub tags: Vec<String>,
    /// `pretty` or `progress`, when given.
    pub format: Option<&'static str>,
    /// `--stop`: stop after the first scenario that does not pass.
    pub stop: bool,
    /// `--name`: a scenario name pattern.
    pub name: Option<String>,
    /// `--junit`: write a JUnit report.
    pub junit: bool,
    /// `--junit-directory`: where.
    pub junit_directory: Option<String>,
    /// Options without an equivalent, as written.
    pub ignored: Vec<String>,
}

/// Options that take a value as the next word when not written `--opt=value`.
const TAKES_VALUE: &[&str] = &[
    "-t",
    "--tags",
    "-f",
    "--format",
    "-n",
    "--name",
    "-o",
    "--outfile",
    "-i",
    "--include",
    "-e",
    "--exclude",
    "--logging-level",
    "--logging-format",
    "--junit-directory",
    "-D",
    "--define",
    "-k",
    "--lang",
];

/// Reads the options string.
pub fn parse(options: &str) -> BehaveOptions {
    let mut out = BehaveOptions::default();
    let mut words = options.split_whitespace();
    while let Some(word) = words.next() {
        let (option, inline) = match word.split_once('=') {
            Some((o, v)) if o.starts_with('-') => (o, Some(v.to_owned())),
            _ => (word, None),
        };
        let value = if inline.is_none() && TAKES_VALUE.contains(&option) {
            words.next().map(str::to_owned)
        } else {
            inline
        };
        match (option, value) {
            ("-t" | "--tags", Some(v)) => out.tags.push(tags_expression(&v)),
            ("-f" | "--format", Some(v)) => match v.as_str() {
                "pretty" | "plain" => out.format = Some("pretty"),
                "progress" | "progress2" | "progress3" | "dots" => out.format = Some("progress"),
                _ => out.ignored.push(format!("{option} {v}")),
            },
            ("--stop", None) => out.stop = true,
            ("--junit", None) => out.junit = true,
            ("--junit-directory", Some(v)) => out.junit_directory = Some(v),
            ("-n" | "--name", Some(v)) => out.name = Some(v),
            (option, Some(v)) => out.ignored.push(format!("{option} {v}")),
            (option, None) => out.ignored.push(option.to_owned()),
        }
    }
    out
}

/// A behave `--tags` value in apitest's tag-expression syntax: `@a,@b` → `(@a or
/// @b)`, `~@x` / `-@x` → `not @x`; a value that already reads like an
/// expression is kept.
pub fn tags_expression(value: &str) -> String {
    let lowered = format!(" {} ", value.to_ascii_lowercase());
    if [" and ", " or ", " not ", "("]
        .iter()
        .any(|w| lowered.contains(w))
    {
        return value.to_owned();
    }
    let alternatives: Vec<String> = value
        .split([',', ' '])
        .filter(|w| !w.is_empty())
        .map(|word| {
            let (negated, tag) = match word.strip_prefix(['~', '-']) {
                Some(rest) => (true, rest),
                None => (false, word),
            };
            let tag = if tag.starts_with('@') {
                tag.to_owned()
            } else {
                format!("@{tag}")
            };
            if negated { format!("not {tag}") } else { tag }
        })
        .collect();
    match alternatives.len() {
        0 => String::new(),
        1 => alternatives.concat(),
        _ => format!("({})", alternatives.join(" or ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_zato_apitest_options_keep_the_format_and_name_the_rest() {
        let options = parse(
            "--format pretty --show-timings --no-source --no-logcapture --logging-level=INFO",
        );
        assert_eq!(options.format, Some("pretty"));
        assert_eq!(
            options.ignored,
            vec![
                "--show-timings",
                "--no-source",
                "--no-logcapture",
                "--logging-level INFO"
            ]
        );
    }

    #[test]
    fn behave_tag_syntax_becomes_a_tag_expression() {
        let options = parse("--tags=@smoke,@fast -t ~@slow --stop --junit --junit-directory out");
        assert_eq!(options.tags, vec!["(@smoke or @fast)", "not @slow"]);
        assert!(options.stop && options.junit);
        assert_eq!(options.junit_directory.as_deref(), Some("out"));
        assert_eq!(tags_expression("@a and not @b"), "@a and not @b");
        assert_eq!(tags_expression("smoke"), "@smoke");
    }
}
