//! The YAML library's own event parser, read one event at a time: the one place Spotter calls
//! the C-style API (`libyaml_rs`) and so the only `unsafe` code of this module.
//!
//! It is for checks that must stop as soon as they know (how deep the text nests, where each
//! top-level key stands), before or instead of the library's `from_str`, which scans the whole
//! text first. It is not a parser of values: it tells the kind and place of each event, and a
//! scalar's text.

use std::marker::PhantomData;
use std::mem::MaybeUninit;

use libyaml_rs as sys;

/// What [`Events`] tells of one parse event.
pub(super) struct Event {
    pub(super) kind: EventKind,
    /// Byte offset in the text where the event's node starts.
    pub(super) index: usize,
    /// 1-based line and column there.
    pub(super) line: usize,
    pub(super) col: usize,
}

pub(super) enum EventKind {
    MappingStart {
        block: bool,
    },
    SequenceStart,
    /// The end of a mapping or sequence.
    End,
    /// A scalar, with its value.
    Scalar(String),
    Alias,
    StreamEnd,
    /// Stream and document starts and ends.
    Other,
}

/// The YAML library's own event parser, read one event at a time, so that a check can stop
/// as soon as it knows (the library's `from_str` scans the whole text first).
pub(super) struct Events<'a> {
    /// Boxed: the library keeps pointers to the parser in the parser.
    parser: Box<MaybeUninit<sys::yaml_parser_t>>,
    initialised: bool,
    /// After a syntax error or the end of the stream.
    done: bool,
    text: PhantomData<&'a str>,
}

impl<'a> Events<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let mut parser = Box::new(MaybeUninit::<sys::yaml_parser_t>::uninit());
        // SAFETY: `parser` is initialised before use and deleted in `drop`; it does not move
        // (it is boxed), and `text` outlives it (the lifetime `'a`).
        let initialised = unsafe {
            let p = parser.as_mut_ptr();
            let ok = !sys::yaml_parser_initialize(p).fail;
            if ok {
                sys::yaml_parser_set_encoding(p, sys::YAML_UTF8_ENCODING);
                sys::yaml_parser_set_input_string(p, text.as_ptr(), text.len() as u64);
            }
            ok
        };
        Events {
            parser,
            initialised,
            done: !initialised,
            text: PhantomData,
        }
    }

    /// The next event; `None` after a syntax error or the end of the stream.
    pub(super) fn next(&mut self) -> Option<Event> {
        if self.done {
            return None;
        }
        let mut event = MaybeUninit::<sys::yaml_event_t>::uninit();
        // SAFETY: the parser was initialised in `new`; an event the parser filled is read and
        // then deleted once.
        unsafe {
            let p = self.parser.as_mut_ptr();
            if sys::yaml_parser_parse(p, event.as_mut_ptr()).fail {
                self.done = true;
                return None;
            }
            let e = event.as_mut_ptr();
            let kind = match (*e).type_ {
                sys::YAML_MAPPING_START_EVENT => EventKind::MappingStart {
                    block: (*e).data.mapping_start.style == sys::YAML_BLOCK_MAPPING_STYLE,
                },
                sys::YAML_SEQUENCE_START_EVENT => EventKind::SequenceStart,
                sys::YAML_MAPPING_END_EVENT | sys::YAML_SEQUENCE_END_EVENT => EventKind::End,
                sys::YAML_SCALAR_EVENT => {
                    let s = (*e).data.scalar;
                    let bytes = std::slice::from_raw_parts(s.value, s.length as usize);
                    EventKind::Scalar(String::from_utf8_lossy(bytes).into_owned())
                }
                sys::YAML_ALIAS_EVENT => EventKind::Alias,
                sys::YAML_STREAM_END_EVENT => EventKind::StreamEnd,
                _ => EventKind::Other,
            };
            let mark = (*e).start_mark;
            sys::yaml_event_delete(e);
            if matches!(kind, EventKind::StreamEnd) {
                self.done = true;
            }
            Some(Event {
                kind,
                index: mark.index as usize,
                line: mark.line as usize + 1,
                col: mark.column as usize + 1,
            })
        }
    }
}

impl Drop for Events<'_> {
    fn drop(&mut self) {
        if self.initialised {
            // SAFETY: initialised in `new`, and deleted only here.
            unsafe { sys::yaml_parser_delete(self.parser.as_mut_ptr()) }
        }
    }
}
