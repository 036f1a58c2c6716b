//! A serde serializer that writes what `serde_json`'s pretty printer writes
//! (two spaces a level), byte for byte, from any level. It exists for one
//! reason: `serde_json` looks up every byte of every string in its escape
//! table, one at a time, which was 12% of the instructions of `compile`
//! (its `model.json`). Here a string is first tested for anything to escape
//! in one pass the compiler vectorises, and copied whole when, as almost
//! always, there is none; numbers are written by the same `itoa` and `zmij`
//! as `serde_json`'s. `tests` compare the two on generated values;
//! `tests/export.rs` compares the model's export with `serde_json`'s on the
//! bundled standards, and the golden tests of `compile` and `conform` hold
//! their outputs.

use std::fmt::Display;
use std::io::Write;

use serde::ser::{self, Serialize};

use super::Nested;

/// What went wrong: the writer failed, or a value cannot be JSON (a map
/// key that is not a string or a number, a `Serialize` impl's own error).
#[derive(Debug)]
pub(crate) struct Error(std::io::Error);

impl Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error(std::io::Error::other(msg.to_string()))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error(e)
    }
}

impl From<Error> for std::io::Error {
    fn from(e: Error) -> Self {
        e.0
    }
}

type Result<T = ()> = std::result::Result<T, Error>;

/// Writes values `level` levels in, as [`super::value`] says, in the
/// layout [`Nested`] keeps: its `has_value` is set after each element and
/// member, as `serde_json`'s pretty formatter sets its own.
pub(crate) struct Serializer<W> {
    w: W,
    layout: Nested,
}

impl<W: Write> Serializer<W> {
    pub(crate) fn at(w: W, level: usize) -> Self {
        Serializer {
            w,
            layout: Nested::at(level),
        }
    }

    fn open(&mut self, bracket: &[u8]) -> Result {
        Ok(self.layout.open(&mut self.w, bracket)?)
    }

    fn next_line(&mut self, first: bool) -> Result {
        Ok(self.layout.newline(&mut self.w, first)?)
    }

    /// After an element, or a member's value.
    fn ended_value(&mut self) {
        self.layout.has_value = true;
    }

    fn close(&mut self, bracket: &[u8]) -> Result {
        Ok(self.layout.close(&mut self.w, bracket)?)
    }

    fn string(&mut self, s: &str) -> Result {
        Ok(write_str(&mut self.w, s)?)
    }

    /// A float as `serde_json` writes one: zmij's shortest form, or `null`
    /// for NaN and the infinities (`finite` says which; zmij's trait does
    /// not).
    fn float<F: zmij::Float>(&mut self, v: F, finite: bool) -> Result {
        if !finite {
            return Ok(self.w.write_all(b"null")?);
        }
        Ok(self
            .w
            .write_all(zmij::Buffer::new().format_finite(v).as_bytes())?)
    }

    /// `{"variant": ` of an enum variant with contents.
    fn variant_key(&mut self, variant: &str) -> Result {
        self.open(b"{")?;
        self.next_line(true)?;
        self.string(variant)?;
        Ok(self.w.write_all(b": ")?)
    }

    fn compound(
        &mut self,
        bracket: &[u8],
        len: Option<usize>,
        end: &'static [u8],
    ) -> Result<Compound<'_, W>> {
        self.open(bracket)?;
        let state = if len == Some(0) {
            // As `serde_json`: closed at once, whatever follows.
            self.close(end)?;
            State::Empty
        } else {
            State::First
        };
        Ok(Compound {
            ser: self,
            state,
            end,
            variant: false,
        })
    }
}

/// Whether JSON needs any of `s` escaped: a quote, a backslash or a
/// control character (what `serde_json` escapes). The strings of a
/// standard almost never need an escape, and most are short (keys, IDs,
/// names): sixteen bytes at a time without stopping early inside a chunk,
/// which the compiler turns into vector instructions, the last sixteen
/// overlapping the chunk before; under sixteen bytes, two overlapping
/// words tested in a register; under eight, byte by byte.
pub(crate) fn needs_escape(s: &[u8]) -> bool {
    fn special(b: u8) -> bool {
        b < 0x20 || b == b'"' || b == b'\\'
    }
    fn any16(chunk: &[u8; 16]) -> bool {
        chunk.iter().fold(false, |any, &b| any | special(b))
    }
    /// Whether any byte of the word is special: the classic tests for a
    /// byte below a bound and for a zero byte, which are exact for "any".
    fn any8(bytes: &[u8]) -> bool {
        const ONES: u64 = u64::MAX / 255;
        const HIGH: u64 = ONES * 0x80;
        let x = u64::from_le_bytes(bytes.try_into().expect("eight bytes"));
        let zero = |y: u64| y.wrapping_sub(ONES) & !y & HIGH;
        let below = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        (below | zero(x ^ (ONES * u64::from(b'"'))) | zero(x ^ (ONES * u64::from(b'\\')))) != 0
    }
    let (chunks, rest) = s.as_chunks::<16>();
    if chunks.iter().any(any16) {
        return true;
    }
    match s.len() {
        0..8 => rest.iter().any(|&b| special(b)),
        8..16 => any8(&s[..8]) || any8(&s[s.len() - 8..]),
        n => !rest.is_empty() && any16(s[n - 16..].try_into().expect("sixteen bytes")),
    }
}

/// `s` as a JSON string, quoted and escaped as `serde_json` writes it.
pub(crate) fn write_str<W: Write + ?Sized>(w: &mut W, s: &str) -> std::io::Result<()> {
    w.write_all(b"\"")?;
    write_escaped(w, s.as_bytes())?;
    w.write_all(b"\"")
}

/// `bytes` (UTF-8) escaped as `serde_json` escapes them: `\"`, `\\`, the
/// five short forms of control characters, and `\u00XX` (lower-case hex)
/// for the other control characters; everything else as it is.
fn write_escaped<W: Write + ?Sized>(w: &mut W, bytes: &[u8]) -> std::io::Result<()> {
    if !needs_escape(bytes) {
        return w.write_all(bytes);
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let short: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            0x0C => b"\\f",
            b'\r' => b"\\r",
            0x00..=0x1F => b"",
            _ => continue,
        };
        w.write_all(&bytes[start..i])?;
        start = i + 1;
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            w.write_all(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xF)],
            ])?;
        } else {
            w.write_all(short)?;
        }
    }
    w.write_all(&bytes[start..])
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Opened and closed at once (a declared length of zero).
    Empty,
    First,
    Rest,
}

/// An array or object being written.
pub(crate) struct Compound<'a, W> {
    ser: &'a mut Serializer<W>,
    state: State,
    end: &'static [u8],
    /// Inside `{"variant": ...}`, which is closed after it.
    variant: bool,
}

impl<W: Write> Compound<'_, W> {
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        self.ser.next_line(self.state == State::First)?;
        self.state = State::Rest;
        value.serialize(&mut *self.ser)?;
        self.ser.ended_value();
        Ok(())
    }

    fn key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result {
        self.ser.next_line(self.state == State::First)?;
        self.state = State::Rest;
        key.serialize(MapKey {
            ser: &mut *self.ser,
        })
    }

    fn value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        self.ser.w.write_all(b": ")?;
        value.serialize(&mut *self.ser)?;
        self.ser.ended_value();
        Ok(())
    }

    fn finish(self) -> Result {
        if self.state != State::Empty {
            self.ser.close(self.end)?;
        }
        if self.variant {
            self.ser.ended_value();
            self.ser.close(b"}")?;
        }
        Ok(())
    }
}

macro_rules! integers {
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, v: $t) -> Result {
            Ok(self.w.write_all(itoa::Buffer::new().format(v).as_bytes())?)
        }
    )*};
}

impl<'a, W: Write> ser::Serializer for &'a mut Serializer<W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, W>;
    type SerializeTuple = Compound<'a, W>;
    type SerializeTupleStruct = Compound<'a, W>;
    type SerializeTupleVariant = Compound<'a, W>;
    type SerializeMap = Compound<'a, W>;
    type SerializeStruct = Compound<'a, W>;
    type SerializeStructVariant = Compound<'a, W>;

    fn serialize_bool(self, v: bool) -> Result {
        Ok(self.w.write_all(if v { b"true" } else { b"false" })?)
    }

    integers!(
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128
    );

    fn serialize_f32(self, v: f32) -> Result {
        self.float(v, v.is_finite())
    }

    fn serialize_f64(self, v: f64) -> Result {
        self.float(v, v.is_finite())
    }

    fn serialize_char(self, v: char) -> Result {
        self.string(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result {
        self.string(v)
    }

    fn serialize_bytes(self, v: &[u8]) -> Result {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }

    fn serialize_none(self) -> Result {
        self.serialize_unit()
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result {
        Ok(self.w.write_all(b"null")?)
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.string(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.variant_key(variant)?;
        value.serialize(&mut *self)?;
        self.ended_value();
        self.close(b"}")
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq> {
        self.compound(b"[", len, b"]")
    }

    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        self.variant_key(variant)?;
        let mut seq = self.compound(b"[", Some(len), b"]")?;
        seq.variant = true;
        Ok(seq)
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap> {
        self.compound(b"{", len, b"}")
    }

    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Self::SerializeStruct> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        self.variant_key(variant)?;
        let mut map = self.compound(b"{", Some(len), b"}")?;
        map.variant = true;
        Ok(map)
    }
}

/// The serde traits of arrays (an element at a time) and of objects with
/// fixed keys, all written by [`Compound`].
macro_rules! compound_traits {
    ($($elements:ident :: $element:ident),*; $($objects:ident),*) => {
        $(impl<W: Write> ser::$elements for Compound<'_, W> {
            type Ok = ();
            type Error = Error;

            fn $element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
                self.element(value)
            }

            fn end(self) -> Result {
                self.finish()
            }
        })*
        $(impl<W: Write> ser::$objects for Compound<'_, W> {
            type Ok = ();
            type Error = Error;

            fn serialize_field<T: ?Sized + Serialize>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result {
                self.key(key)?;
                self.value(value)
            }

            fn end(self) -> Result {
                self.finish()
            }
        })*
    };
}

compound_traits!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field;
    SerializeStruct,
    SerializeStructVariant
);

impl<W: Write> ser::SerializeMap for Compound<'_, W> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result {
        self.key(key)
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        self.value(value)
    }

    fn end(self) -> Result {
        self.finish()
    }
}

/// A map's key: JSON's keys are strings, so numbers and booleans are
/// quoted, as `serde_json` quotes them; anything else is an error.
struct MapKey<'a, W> {
    ser: &'a mut Serializer<W>,
}

impl<W: Write> MapKey<'_, W> {
    fn quoted(self, text: &str) -> Result {
        self.ser.w.write_all(b"\"")?;
        self.ser.w.write_all(text.as_bytes())?;
        Ok(self.ser.w.write_all(b"\"")?)
    }

    /// A float key, quoted as `serde_json` quotes one; NaN and the
    /// infinities are refused.
    fn float<F: zmij::Float>(self, v: F, finite: bool) -> Result {
        if !finite {
            return Err(ser::Error::custom("float key must be finite"));
        }
        self.quoted(zmij::Buffer::new().format_finite(v))
    }
}

fn key_must_be_a_string() -> Error {
    ser::Error::custom("key must be a string")
}

macro_rules! integer_keys {
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, v: $t) -> Result {
            self.quoted(itoa::Buffer::new().format(v))
        }
    )*};
}

impl<W: Write> ser::Serializer for MapKey<'_, W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result {
        self.quoted(if v { "true" } else { "false" })
    }

    integer_keys!(
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128
    );

    fn serialize_f32(self, v: f32) -> Result {
        self.float(v, v.is_finite())
    }

    fn serialize_f64(self, v: f64) -> Result {
        self.float(v, v.is_finite())
    }

    fn serialize_char(self, v: char) -> Result {
        self.ser.string(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result {
        self.ser.string(v)
    }

    fn serialize_bytes(self, _: &[u8]) -> Result {
        Err(key_must_be_a_string())
    }

    fn serialize_none(self) -> Result {
        Err(key_must_be_a_string())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result {
        Err(key_must_be_a_string())
    }

    fn serialize_unit(self) -> Result {
        Err(key_must_be_a_string())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result {
        Err(key_must_be_a_string())
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.ser.string(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result {
        Err(key_must_be_a_string())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(key_must_be_a_string())
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(key_must_be_a_string())
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(key_must_be_a_string())
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(key_must_be_a_string())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use serde::Serialize;
    use serde_json::Value;

    use super::*;
    use crate::pretty::indent;

    /// `value` written by [`super::super::value`] at `level`, inside the
    /// openings and closings of `level` arrays, and that whole written by
    /// `serde_json`'s pretty printer.
    fn both(value: &Value, level: usize) -> (String, String) {
        let mut ours = Vec::new();
        for i in 1..=level {
            ours.extend_from_slice(b"[\n");
            indent(&mut ours, i).unwrap();
        }
        super::super::value(&mut ours, value, level).unwrap();
        for i in (0..level).rev() {
            ours.push(b'\n');
            indent(&mut ours, i).unwrap();
            ours.push(b']');
        }
        let mut wrapped = value.clone();
        for _ in 0..level {
            wrapped = Value::Array(vec![wrapped]);
        }
        let theirs = serde_json::to_string_pretty(&wrapped).unwrap();
        (String::from_utf8(ours).unwrap(), theirs)
    }

    fn same<T: Serialize>(value: &T) {
        let mut ours = Vec::new();
        super::super::value(&mut ours, value, 0).unwrap();
        let theirs = serde_json::to_vec_pretty(value).unwrap();
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            String::from_utf8(theirs).unwrap()
        );
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(i32, String),
        EmptyTuple(),
        Struct { a: Option<f64>, b: Vec<bool> },
        EmptyStruct {},
    }

    #[derive(Serialize)]
    struct Unit;

    #[derive(Serialize)]
    struct Wrapper(String);

    #[derive(Serialize)]
    struct Everything {
        shapes: Vec<Shape>,
        unit: Unit,
        unit_value: (),
        wrapper: Wrapper,
        pair: (char, i128, u128),
        #[serde(with = "serde_bytes_like")]
        bytes: Vec<u8>,
        int_keys: BTreeMap<i64, &'static str>,
        bool_keys: BTreeMap<bool, u8>,
        char_keys: BTreeMap<char, u8>,
        floats: Vec<f64>,
        small: f32,
        nothing: Option<u8>,
        empty: Vec<u8>,
        empty_map: BTreeMap<String, u8>,
    }

    /// Bytes through `serialize_bytes` (serde writes a `Vec<u8>` as a
    /// sequence).
    mod serde_bytes_like {
        pub fn serialize<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(v)
        }
    }

    #[test]
    fn every_serde_form_is_written_as_serde_json_writes_it() {
        let everything = Everything {
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(7),
                Shape::Tuple(-3, "t\u{7}".into()),
                Shape::EmptyTuple(),
                Shape::Struct {
                    a: Some(0.1),
                    b: vec![true, false],
                },
                Shape::Struct { a: None, b: vec![] },
                Shape::EmptyStruct {},
            ],
            unit: Unit,
            unit_value: (),
            wrapper: Wrapper("w".into()),
            pair: ('"', i128::MIN, u128::MAX),
            bytes: vec![0, 255],
            int_keys: [(-1, "a"), (2, "b")].into(),
            bool_keys: [(false, 0), (true, 1)].into(),
            char_keys: [('\n', 1)].into(),
            floats: vec![
                0.0,
                -0.0,
                1.0,
                1e300,
                5e-324,
                f64::NAN,
                f64::INFINITY,
                123.456,
            ],
            small: 0.3,
            nothing: None,
            empty: vec![],
            empty_map: BTreeMap::new(),
        };
        same(&everything);
        same(&Shape::Newtype(1));
        same(&Shape::EmptyStruct {});
        same(&Vec::<u8>::new());
        same(&"plain");
    }

    /// Levels on both sides of the deepest the line breaks' table holds.
    #[test]
    fn deep_values_are_indented_as_serde_json_indents_them() {
        let value = serde_json::json!({"a": [1, {"b": "c", "d": []}], "e": {}});
        for level in [0, 29, 30, 31, 32, 40] {
            let (ours, theirs) = both(&value, level);
            assert_eq!(ours, theirs, "level {level}");
        }
    }

    #[test]
    fn keys_json_cannot_hold_are_errors() {
        let map: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
        let mut out = Vec::new();
        assert!(super::super::value(&mut out, &map, 0).is_err());
        let map: BTreeMap<(), u8> = [((), 1)].into();
        assert!(super::super::value(&mut Vec::new(), &map, 0).is_err());
    }

    /// A map whose keys are floats (no standard map holds them).
    struct FloatKeys<F>(Vec<F>);

    impl<F: Serialize> Serialize for FloatKeys<F> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let mut map = s.serialize_map(Some(self.0.len()))?;
            for key in &self.0 {
                map.serialize_entry(key, &1)?;
            }
            map.end()
        }
    }

    #[test]
    fn floats_as_keys_and_values_of_either_width() {
        same(&FloatKeys(vec![1.5f32, -0.25, 3e10]));
        same(&FloatKeys(vec![1.5f64, -0.25, 1e300]));
        same(&[f32::NAN, f32::INFINITY, 0.1]);
        for key in [f64::NAN, f64::INFINITY] {
            assert!(serde_json::to_vec(&FloatKeys(vec![key])).is_err());
            assert!(super::super::value(&mut Vec::new(), &FloatKeys(vec![key]), 0).is_err());
        }
        assert!(super::super::value(&mut Vec::new(), &FloatKeys(vec![f32::NAN]), 0).is_err());
    }

    /// Every byte at every place of strings of up to 40 bytes, and a
    /// multi-byte character beside it.
    #[test]
    fn needs_escape_finds_every_special_byte() {
        for len in 0..=40 {
            for at in 0..len {
                for b in 0u8..=0x7F {
                    let mut s = vec![b'x'; len];
                    s[at] = b;
                    let special = b < 0x20 || b == b'"' || b == b'\\';
                    assert_eq!(needs_escape(&s), special, "{len} {at} {b:#x}");
                }
                let mut s = "é".repeat(len).into_bytes();
                s[at] = b'"';
                assert!(needs_escape(&s));
            }
            assert!(!needs_escape(&vec![b'x'; len]));
            assert!(!needs_escape("é€".repeat(len).as_bytes()));
        }
    }

    #[test]
    fn escapes_exactly_what_serde_json_escapes() {
        for b in 0u8..=0x7F {
            let s = format!("a{}b", char::from(b));
            let mut ours = Vec::new();
            write_str(&mut ours, &s).unwrap();
            assert_eq!(ours, serde_json::to_vec(&s).unwrap(), "{b:#x}");
            assert_eq!(needs_escape(s.as_bytes()), ours.len() != s.len() + 2);
        }
    }

    fn json() -> impl Strategy<Value = Value> {
        let text = prop_oneof![
            "[ -~]{0,20}",
            "\\PC{0,12}",
            proptest::collection::vec(0u8..0x80, 0..40)
                .prop_map(|b| b.into_iter().map(char::from).collect::<String>()),
        ];
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            text.clone().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, move |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::vec((text.clone(), inner), 0..6)
                    .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

        /// Any JSON value, at any level, is the text `serde_json` writes.
        #[test]
        fn values_are_written_as_serde_json_writes_them(value in json(), level in 0usize..4) {
            let (ours, theirs) = both(&value, level);
            prop_assert_eq!(ours, theirs);
        }
    }
}
