//! The YAML tree of one file: positions of every value, the strings, repeated keys, and a
//! JSON copy for the schema check, in which numbers keep the digits as written.

use std::fmt;
use std::path::Path;

use serde_json::Value;
use serde_saphyr::{DuplicateKeyPolicy, Options, Spanned};

use super::{LoadError, Location, SourceFile, Span, yaml_error};

/// Parser options: tight limits on nesting, aliases and size, since a report is small;
/// repeated keys reach the visitor so that they can be reported with their place.
pub(super) fn options() -> Options {
    let mut options = Options::default();
    options.duplicate_keys = DuplicateKeyPolicy::FirstWins;
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 32;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_nodes = 200_000;
    budget.max_events = 400_000;
    budget.max_recorded_anchor_events = 100_000;
    budget.max_recorded_anchor_bytes = 4 * 1024 * 1024;
    budget.max_total_scalar_bytes = 8 * 1024 * 1024;
    options.budget = Some(budget);
    options
}

/// A parsed file: its root node, and what the walk that records its positions found.
pub(super) struct Tree {
    root: Spanned<Node>,
    found: Found,
}

/// What the walk over a tree finds besides positions.
#[derive(Default)]
struct Found {
    /// The keys repeated within one mapping.
    repeats: Vec<Repeat>,
    /// Each number's YAML path and bytes (start, length) in the file.
    numbers: Vec<(String, (usize, usize))>,
}

/// Parses `text` into its root node; syntax errors and exceeded limits stop here.
pub(super) fn read(text: &str, path: &Path) -> Result<Spanned<Node>, LoadError> {
    let mut options = options();
    options.duplicate_keys = DuplicateKeyPolicy::PassThrough;
    serde_saphyr::from_str_with_options(text, options).map_err(|e| yaml_error(e, path))
}

/// A YAML node with the positions of its children.
pub(super) enum Node {
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
    Seq(Vec<Spanned<Node>>),
    Null,
    Bool(bool),
    /// A number; its digits are read from the source text.
    Number,
    Text(String),
}

/// A key that appears twice in one mapping: YAML path, line of the first, place of the repeat.
pub(super) type Repeat = (String, usize, Location);

impl Tree {
    /// The tree of the parsed `root`. One walk records every node's span and every string
    /// in `file` and finds the repeated keys and the numbers, building each YAML path once.
    pub(super) fn new(root: Spanned<Node>, file: &mut SourceFile) -> Tree {
        let mut found = Found::default();
        record(&root, String::new(), file, &mut found);
        Tree { root, found }
    }

    /// The keys repeated within one mapping.
    pub(super) fn repeats(&self) -> &[Repeat] {
        &self.found.repeats
    }

    /// The tree as JSON; `text` is the file, from which numbers take their digits.
    pub(super) fn json(&self, text: &str) -> Value {
        json(&self.root, text)
    }

    /// The typed value of the tree, `text` being the file; `None` where the tree does not
    /// fit `T` (the parse of the text then says where).
    pub(super) fn typed<T: serde::de::DeserializeOwned>(&self, text: &str) -> Option<T> {
        T::deserialize(super::typed::Value {
            node: &self.root,
            text,
        })
        .ok()
    }

    /// Every number with its YAML path and its digits as written in `text`, the file.
    pub(super) fn numbers<'t>(&self, text: &'t str) -> impl Iterator<Item = (&str, &'t str)> {
        self.found.numbers.iter().map(|&(ref path, (start, len))| {
            (path.as_str(), text.get(start..start + len).unwrap_or(""))
        })
    }
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The source text of a scalar: where it is defined (an alias points at its anchor).
pub(super) fn raw<'t>(node: &Spanned<Node>, text: &'t str) -> &'t str {
    let span = node.defined.span();
    match (span.byte_offset(), span.byte_len()) {
        (Some(start), Some(len)) => text
            .get(start as usize..(start + len) as usize)
            .unwrap_or(""),
        _ => "",
    }
}

fn location(loc: &serde_saphyr::Location) -> Location {
    Location {
        line: loc.line() as usize,
        column: loc.column() as usize,
    }
}

fn span_of(loc: &serde_saphyr::Location) -> Span {
    let span = loc.span();
    Span {
        location: location(loc),
        bytes: (
            span.byte_offset().unwrap_or(0) as usize,
            span.byte_len().unwrap_or(0) as usize,
        ),
    }
}

fn record(node: &Spanned<Node>, path: String, file: &mut SourceFile, found: &mut Found) {
    match &node.value {
        Node::Map(entries) => {
            for (i, (key, value)) in entries.iter().enumerate() {
                let key_path = child(&path, &key.value);
                if let Some((first, _)) = entries[..i].iter().find(|(k, _)| k.value == key.value) {
                    found.repeats.push((
                        key_path.clone(),
                        first.referenced.line() as usize,
                        location(&key.referenced),
                    ));
                }
                file.keys
                    .entry(key_path.clone())
                    .or_insert_with(|| span_of(&key.referenced));
                record(value, key_path, file, found);
            }
        }
        Node::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                record(item, format!("{path}[{i}]"), file, found);
            }
        }
        Node::Text(text) => file.strings.push((path.clone(), text.clone())),
        // The digits are where the number is defined (an alias points at its anchor).
        Node::Number => found
            .numbers
            .push((path.clone(), span_of(&node.defined).bytes)),
        Node::Null | Node::Bool(_) => {}
    }
    // With a repeated key, the first place stays the one that counts.
    file.spans
        .entry(path)
        .or_insert_with(|| span_of(&node.referenced));
}

fn json(node: &Spanned<Node>, text: &str) -> Value {
    match &node.value {
        Node::Map(entries) => {
            let mut map = serde_json::Map::new();
            for (key, value) in entries {
                map.entry(key.value.clone())
                    .or_insert_with(|| json(value, text));
            }
            Value::Object(map)
        }
        Node::Seq(items) => Value::Array(items.iter().map(|i| json(i, text)).collect()),
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(*b),
        // Digits a JSON number cannot hold (0x1F, .5) stay text, which the schema rejects
        // where a number is due.
        Node::Number => {
            let digits = raw(node, text);
            serde_json::from_str::<serde_json::Number>(digits)
                .map_or_else(|_| Value::String(digits.to_owned()), Value::Number)
        }
        Node::Text(s) => Value::String(s.clone()),
    }
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> serde::de::Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Node, E> {
        Ok(Node::Bool(b))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
        Ok(Node::Number)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
        Ok(Node::Number)
    }
    fn visit_i128<E>(self, _: i128) -> Result<Node, E> {
        Ok(Node::Number)
    }
    fn visit_u128<E>(self, _: u128) -> Result<Node, E> {
        Ok(Node::Number)
    }
    // Only the position of a number is recorded; its digits are read from the source.
    #[allow(clippy::disallowed_types)]
    fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
        Ok(Node::Number)
    }
    fn visit_str<E>(self, text: &str) -> Result<Node, E> {
        Ok(Node::Text(text.to_owned()))
    }
    fn visit_bytes<E>(self, bytes: &[u8]) -> Result<Node, E> {
        Ok(Node::Text(String::from_utf8_lossy(bytes).into_owned()))
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<Spanned<String>, Spanned<Node>>()? {
            entries.push(entry);
        }
        Ok(Node::Map(entries))
    }
}
