//! Request fields given as a Python mapping, for core's request reader.
//!
//! The mapping is copied once, with the GIL held, into a [`Tree`]: a
//! Rust-owned arena of nodes with owned `String`s. [`Fields`] implements
//! core's [`Source`] over it, so the reader ([`monetix_gate::payout::read`])
//! applies exactly the rules it applies to JSON text: no JSON text is
//! written in between, and no rule is kept here. The copy only says what
//! each value *is*:
//!
//! - `None` is `null`, a `bool` a boolean (before `int`: `bool` is an `int`
//!   subclass), an `int` (subclasses too, by its real value) an integer
//!   within 64 bits or else a number beyond them ([`Kind::Float`], as core
//!   kinds such a JSON number), a `float` a [`Kind::Float`], a `str` a string
//!   (by its real text), a mapping an object, a `list` or `tuple` an array;
//! - anything else (`bytes`, `Decimal`, a date, ...) has no JSON form:
//!   [`Kind::Other`], which the reader reports as a value of the wrong type.
//!
//! What cannot be copied at all raises: a key that is not a `str`
//! (`BodyTypeError`, as `sign` says of the same mapping), a `str` with a lone
//! surrogate (`InvalidInputError`, code `LONE_SURROGATE`, as `sign`), a
//! mapping nested deeper than JSON bodies may be (`TOO_DEEP`; this also
//! stops a mapping that contains itself), a mapping whose `items()` raised
//! (`BodyTypeError` with that exception as its cause). Arrays are not
//! looked into: no request field is an array, and the reader only needs to
//! know that one is there.

use monetix_gate::source::{Kind, Source, Text};
use monetix_gate::Error;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple};

use crate::document::{DEPTH, DEPTH_NOTE};
use crate::errors::{Failure, Result};

/// One value of a [`Tree`].
enum Node {
    /// Members `start..start + len` of [`Tree::members`].
    Object {
        start: usize,
        len: usize,
    },
    Array,
    Str(String),
    Int(i64),
    Float,
    Bool(bool),
    Null,
    Other,
}

/// A copy of a Python mapping: nodes, and object members as (key, node).
pub(crate) struct Tree {
    nodes: Vec<Node>,
    members: Vec<(String, usize)>,
}

impl Tree {
    /// The copy of a fields mapping; `ArgumentTypeError` if `fields` is not
    /// a mapping.
    pub(crate) fn of_fields(fields: &Bound<'_, PyAny>) -> Result<Tree> {
        if fields.cast::<PyDict>().is_err() && fields.cast::<PyMapping>().is_err() {
            return Err(Failure::ArgumentType(format!(
                "fields must be a mapping, not {}",
                crate::convert::type_name(fields)
            )));
        }
        let mut tree = Tree {
            nodes: Vec::with_capacity(32),
            members: Vec::with_capacity(32),
        };
        tree.value(fields, 1)?;
        Ok(tree)
    }

    /// The tree `{"general": {"project_id": project_id, "payment_id":
    /// payment_id}}`: a status request given as its two values.
    pub(crate) fn of_status(
        project_id: &Bound<'_, PyAny>,
        payment_id: &Bound<'_, PyAny>,
    ) -> Result<Tree> {
        let mut tree = Tree {
            nodes: Vec::with_capacity(4),
            members: Vec::with_capacity(3),
        };
        tree.nodes.push(Node::Object { start: 0, len: 1 });
        tree.members.push(("general".to_owned(), 1));
        tree.nodes.push(Node::Object { start: 1, len: 2 });
        tree.members.push(("project_id".to_owned(), 0));
        tree.members.push(("payment_id".to_owned(), 0));
        for (slot, (path, value)) in [
            ("general.project_id", project_id),
            ("general.payment_id", payment_id),
        ]
        .into_iter()
        .enumerate()
        {
            let node = tree.value(value, 3).map_err(|f| f.within(path))?;
            if let Some(member) = tree.members.get_mut(1 + slot) {
                member.1 = node;
            }
        }
        Ok(tree)
    }

    /// Copies one value; returns its node. `depth` is the nesting the value
    /// has if it is a mapping (the top-level object is depth 1, as in core).
    fn value(&mut self, v: &Bound<'_, PyAny>, depth: usize) -> Result<usize> {
        let node = if v.is_none() {
            Node::Null
        } else if let Ok(b) = v.cast::<PyBool>() {
            Node::Bool(b.is_true())
        } else if let Ok(s) = v.cast::<PyString>() {
            Node::Str(text(s)?)
        } else if let Ok(i) = v.cast::<PyInt>() {
            // `PyLong_AsLongLong` reads the value itself, never `__index__`.
            i.extract::<i64>().map_or(Node::Float, Node::Int)
        } else if v.cast::<PyFloat>().is_ok() {
            Node::Float
        } else if let Ok(d) = v.cast::<PyDict>() {
            // Taken whole before any value is looked at: Python code run
            // while a value is read cannot change what is being iterated.
            let items: Vec<_> = d.iter().collect();
            return self.object(items, depth);
        } else if v.cast::<PyList>().is_ok() || v.cast::<PyTuple>().is_ok() {
            Node::Array
        } else if let Ok(m) = v.cast::<PyMapping>() {
            let py = v.py();
            let unreadable = |e| Failure::unreadable(py, e, "the mapping's items()");
            let items = m
                .items()
                .map_err(unreadable)?
                .iter()
                .map(|item| item.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>())
                .collect::<PyResult<Vec<_>>>()
                .map_err(|e| Failure::unreadable(py, e, "an item of the mapping's items()"))?;
            return self.object(items, depth);
        } else {
            Node::Other
        };
        self.nodes.push(node);
        Ok(self.nodes.len() - 1)
    }

    fn object(
        &mut self,
        items: Vec<(Bound<'_, PyAny>, Bound<'_, PyAny>)>,
        depth: usize,
    ) -> Result<usize> {
        if depth > DEPTH {
            return Err(Failure::Mapping {
                err: Error::TooDeep { offset: 0 },
                what: format!("{}: {DEPTH_NOTE}", Error::TooDeep { offset: 0 }.as_str()),
                path: String::new(),
            });
        }
        // The members' slots are reserved first, so they stay together.
        let start = self.members.len();
        let at = self.nodes.len();
        self.nodes.push(Node::Object {
            start,
            len: items.len(),
        });
        for (key, _) in &items {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(Failure::BodyType {
                    path: String::new(),
                    what: format!(
                        "keys must be str, not {} ({})",
                        crate::convert::type_name(key),
                        key.repr()
                            .map_or_else(|_| "?".to_owned(), |r| r.to_string())
                    ),
                    cause: None,
                });
            };
            self.members.push((text(key)?, 0));
        }
        for (i, (_, value)) in items.iter().enumerate() {
            let node = self.value(value, depth + 1).map_err(|f| {
                let key = self.members.get(start + i).map_or("", |m| m.0.as_str());
                f.within(key)
            })?;
            if let Some(member) = self.members.get_mut(start + i) {
                member.1 = node;
            }
        }
        Ok(at)
    }
}

/// The UTF-8 text of a `str` (its real text, for a subclass too).
fn text(s: &Bound<'_, PyString>) -> Result<String> {
    crate::convert::utf8(s)
        .map(std::borrow::Cow::into_owned)
        .map_err(|_| Failure::Mapping {
            err: Error::LoneSurrogate { offset: 0 },
            what: "a str with a lone surrogate has no UTF-8 form".to_owned(),
            path: String::new(),
        })
}

/// Core's [`Source`] over a [`Tree`].
#[derive(Clone, Copy)]
pub(crate) struct Fields<'t> {
    tree: &'t Tree,
}

impl<'t> Fields<'t> {
    pub(crate) fn new(tree: &'t Tree) -> Self {
        Fields { tree }
    }

    fn node(&self, i: usize) -> Option<&'t Node> {
        self.tree.nodes.get(i)
    }
}

/// Any shorter lifetime of the text works too (as for core's
/// `DocumentSource`), so what the reader returns can also borrow its scratch.
impl<'t: 'r, 'r> Source<'r> for Fields<'t> {
    type Node = usize;

    fn root(&self) -> usize {
        0
    }

    fn kind(&self, node: usize) -> Kind {
        match self.node(node) {
            Some(Node::Object { .. }) => Kind::Object,
            Some(Node::Array) => Kind::Array,
            Some(Node::Str(_)) => Kind::String,
            Some(Node::Int(_)) => Kind::Integer,
            Some(Node::Float) => Kind::Float,
            Some(Node::Bool(b)) => Kind::Bool(*b),
            Some(Node::Null) => Kind::Null,
            Some(Node::Other) | None => Kind::Other,
        }
    }

    fn for_each_member(&self, object: usize, f: &mut dyn FnMut(Text<'r>, usize)) {
        if let Some(Node::Object { start, len }) = self.node(object) {
            for (key, value) in self.tree.members.get(*start..start + len).unwrap_or(&[]) {
                f(Text::Str(key), *value);
            }
        }
    }

    fn text(&self, node: usize) -> Option<Text<'r>> {
        match self.node(node) {
            Some(Node::Str(s)) => Some(Text::Str(s)),
            _ => None,
        }
    }

    fn integer(&self, node: usize) -> Option<i64> {
        match self.node(node) {
            Some(Node::Int(n)) => Some(*n),
            _ => None,
        }
    }
}
