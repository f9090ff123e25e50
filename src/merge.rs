//! Joining finished PDFs into one: the combined filing PDF of a court (a bookmark per document,
//! page labels that match the printed page numbers), long notices rendered in parts, and the mail
//! run (every letter padded to an even page count for duplex printing).

use lopdf::{dictionary, Document, Object, ObjectId};

/// One PDF to append.
pub struct Part<'a> {
    pub pdf: &'a [u8],
    /// The outline entry that points at its first page.
    pub bookmark: Option<String>,
    /// Add a blank page when the part has an odd number of pages.
    pub pad_to_even: bool,
    /// Label its pages 1, 2, … (as printed) instead of continuing the previous part's numbers.
    pub restart_labels: bool,
}

/// The joined PDF and its page count.
pub fn merge(parts: &[Part], title: &str) -> Result<(Vec<u8>, usize), String> {
    let mut out = Document::with_version("1.7");
    let pages_id = out.new_object_id();
    let mut kids: Vec<Object> = Vec::new();
    let mut outline: Vec<(String, ObjectId)> = Vec::new();
    let mut labels: Vec<Object> = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let mut doc = Document::load_mem(part.pdf).map_err(|e| format!("part {}: {e}", i + 1))?;
        doc.renumber_objects_with(out.max_id + 1);
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        let Some(&first) = pages.first() else { continue };
        if part.restart_labels || labels.is_empty() {
            labels.push(Object::Integer(kids.len() as i64));
            labels.push(Object::Dictionary(dictionary! { "S" => "D", "St" => 1 }));
        }
        if let Some(b) = &part.bookmark {
            outline.push((b.clone(), first));
        }
        let media_box = doc.get_object(first).ok().and_then(|p| p.as_dict().ok()).and_then(|d| d.get(b"MediaBox").ok().cloned());
        // Take every object but the document's own catalog and page tree.
        for (id, object) in std::mem::take(&mut doc.objects) {
            let skip = object.as_dict().ok().and_then(|d| d.get(b"Type").ok()).and_then(|t| t.as_name().ok()).is_some_and(|t| t == b"Catalog" || t == b"Pages");
            if skip {
                continue;
            }
            out.objects.insert(id, object);
        }
        out.max_id = out.max_id.max(doc.max_id);
        for p in &pages {
            if let Some(Object::Dictionary(d)) = out.objects.get_mut(p) {
                d.set("Parent", pages_id);
                // Tagged-PDF links into the part's structure tree do not survive the join.
                d.remove(b"StructParents");
            }
            kids.push(Object::Reference(*p));
        }
        if part.pad_to_even && pages.len() % 2 == 1 {
            let mut blank = dictionary! { "Type" => "Page", "Parent" => pages_id, "Resources" => dictionary! {} };
            if let Some(mb) = media_box {
                blank.set("MediaBox", mb);
            }
            let id = out.add_object(blank);
            kids.push(Object::Reference(id));
        }
    }
    let count = kids.len();
    out.objects.insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count as i64 }));
    let mut catalog = dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
        "PageLabels" => dictionary! { "Nums" => labels },
    };
    if !outline.is_empty() {
        catalog.set("Outlines", outlines(&mut out, &outline));
        catalog.set("PageMode", "UseOutlines");
    }
    let catalog_id = out.add_object(catalog);
    let info = out.add_object(dictionary! { "Title" => Object::string_literal(title), "Producer" => "clearpress" });
    out.trailer.set("Root", catalog_id);
    out.trailer.set("Info", info);
    out.prune_objects();
    let mut bytes = Vec::new();
    out.save_to(&mut bytes).map_err(|e| e.to_string())?;
    Ok((bytes, count))
}

/// A flat outline: one entry per bookmark, in order.
fn outlines(doc: &mut Document, entries: &[(String, ObjectId)]) -> ObjectId {
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    for (i, (title, page)) in entries.iter().enumerate() {
        let mut item = dictionary! {
            "Title" => Object::String(utf16(title), lopdf::StringFormat::Hexadecimal),
            "Parent" => root,
            "Dest" => vec![Object::Reference(*page), "Fit".into()],
        };
        if i > 0 {
            item.set("Prev", ids[i - 1]);
        }
        if i + 1 < ids.len() {
            item.set("Next", ids[i + 1]);
        }
        doc.objects.insert(ids[i], Object::Dictionary(item));
    }
    doc.objects.insert(
        root,
        Object::Dictionary(dictionary! { "Type" => "Outlines", "First" => ids[0], "Last" => ids[ids.len() - 1], "Count" => ids.len() as i64 }),
    );
    root
}

/// PDF text string in UTF-16BE with a byte-order mark, so accented names survive.
fn utf16(text: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out
}
