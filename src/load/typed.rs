//! The typed model read from a file's tree, which the schema has already checked, so that
//! the YAML is not parsed a second time. Scalars reach the model as the YAML parser gives
//! them: a number as its digits where text is asked for (amounts and codes), as an integer
//! where an integer is. Anything this reading does not accept falls back to parsing the
//! text, whose errors carry their position.

use serde::de::value::{Error, MapDeserializer, SeqDeserializer};
use serde::de::{self, Deserializer, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;
use serde_saphyr::Spanned;

use super::tree::{Node, raw};

/// One node of a file's tree, with the file's text for the digits of numbers.
#[derive(Clone, Copy)]
pub(super) struct Value<'a> {
    pub(super) node: &'a Spanned<Node>,
    pub(super) text: &'a str,
}

impl<'a> Value<'a> {
    fn at(self, node: &'a Spanned<Node>) -> Value<'a> {
        Value { node, ..self }
    }

    fn digits(self) -> &'a str {
        raw(self.node, self.text)
    }
}

impl<'de> IntoDeserializer<'de, Error> for Value<'_> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> Deserializer<'de> for Value<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.value {
            // A repeated key is a finding of the schema check, so none reaches this point.
            Node::Map(entries) => visitor.visit_map(MapDeserializer::new(
                entries
                    .iter()
                    .map(|(key, value)| (key.value.as_str(), self.at(value))),
            )),
            Node::Seq(items) => {
                visitor.visit_seq(SeqDeserializer::new(items.iter().map(|i| self.at(i))))
            }
            Node::Null => visitor.visit_unit(),
            Node::Bool(b) => visitor.visit_bool(*b),
            Node::Number => {
                let digits = self.digits();
                if let Ok(n) = digits.parse::<u64>() {
                    visitor.visit_u64(n)
                } else if let Ok(n) = digits.parse::<i64>() {
                    visitor.visit_i64(n)
                } else {
                    visitor.visit_str(digits)
                }
            }
            Node::Text(text) => visitor.visit_str(text),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.value {
            Node::Number => visitor.visit_str(self.digits()),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.value {
            Node::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match &self.node.value {
            Node::Text(text) => visitor.visit_enum(text.as_str().into_deserializer()),
            _ => Err(de::Error::custom("an enum is written as its name")),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}
