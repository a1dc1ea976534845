import sys, json, xml.etree.ElementTree as ET
ts = sys.argv[1]
zh = json.load(open(sys.argv[2], encoding='utf-8')) if len(sys.argv) > 2 else {}
tree = ET.parse(ts)
missing = []
for m in tree.getroot().iter('message'):
    src = m.find('source').text or ''
    tr = m.find('translation')
    done = tr.text or any(f.text for f in tr.findall('numerusform'))
    if tr.get('type') != 'unfinished' and done:
        continue
    text = zh.get(src)
    if text is None:
        ec = m.find('extracomment')
        if ec is not None and ec.text and ec.text.strip().startswith('zh:'):
            text = ec.text.strip()[3:].strip()
    if text is None:
        missing.append(src); continue
    if m.get('numerus') == 'yes':
        # Chinese has one plural form: it goes into every <numerusform>, never into the text.
        forms = tr.findall('numerusform') or [ET.SubElement(tr, 'numerusform')]
        for f in forms:
            f.text = text
        tr.text = None
    else:
        tr.text = text
    tr.attrib.pop('type', None)
tree.write(ts, encoding='utf-8', xml_declaration=True)
data = open(ts, encoding='utf-8').read()
if '<!DOCTYPE TS>' not in data:
    data = data.replace("?>", "?>\n<!DOCTYPE TS>", 1)
open(ts, 'w', encoding='utf-8').write(data)
print(len(missing), 'missing')
for s in missing: print(json.dumps(s, ensure_ascii=False))
