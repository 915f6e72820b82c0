//! `example` blocks with a type: notification payloads and the like.

use super::block_type;
use super::facts::*;
use super::type_cells::qualify;
use crate::diag::Sink;
use crate::doc::HttpMessage;
use crate::doc::{BlockType, Body, Page};

/// `example` blocks with a type: notification payloads and the like.
pub(super) fn lower_examples(page: &Page, facts: &mut PageFacts, sink: &mut Sink) {
    for b in &page.blocks {
        if block_type(b) != Some(BlockType::Example) {
            continue;
        }
        let Some(a) = b.annotation.as_ref() else {
            continue;
        };
        let Some(t) = &a.odata_type else { continue };
        let ty = TypeRef {
            name: qualify(t),
            collection: a.is_collection,
        };
        let body = if b.lang == "http" {
            match b.http_message(sink) {
                Some(HttpMessage::Request(r)) => r.body,
                Some(HttpMessage::Response(r)) => r.body,
                None => None,
            }
        } else {
            let Some(read) = b.json.clone() else { continue };
            for f in &read.forgiven {
                sink.warn(
                    b.line + f.line,
                    f.col,
                    "body-json",
                    format!("example is not strict JSON: {}", f.what),
                );
            }
            let strict = read.is_strict();
            Some(Body {
                line: b.line + 1,
                text: b.text.clone(),
                json: read.value,
                strict,
            })
        };
        if let Some(body) = body {
            facts.examples.push(ExampleFact { ty, body });
        }
    }
}
