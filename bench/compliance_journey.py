"""Browser journey of the recommendation with the demo users (Chromium via Playwright).

Run a dev server on a seeded copy of the database, then:
    SITE_URL=http://127.0.0.1:8011 ... manage.py runserver 127.0.0.1:8011
    .venv/bin/python bench/compliance_journey.py [base_url]
Screenshots go to /tmp/cshots. It requests (dinas) for an eligible free demo cooperative, verifies
(bpjs), signs (kepala), downloads the PDF, opens the QR link, checks the PDF hash on the public page,
revokes and checks that the public page says REVOKED.
"""

import os
import re
import sys

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8011"
PW = "Kolaka#Demo2026"
SHOTS = "/tmp/cshots"
os.makedirs(SHOTS, exist_ok=True)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def login(browser, username):
    ctx = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(BASE + "/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PW)
    page.click("form button[type=submit], form input[type=submit]")
    page.wait_for_load_state()
    page.errors = errors
    return page


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    dinas = login(browser, "dinas")
    dinas.goto(BASE + "/rekomendasi/ajukan/?q=Kakao")
    dinas.click("text=Koperasi Produsen Kakao Lestari Wundulako")
    dinas.wait_for_load_state()
    dinas.screenshot(path=f"{SHOTS}/1_request_form.png", full_page=True)
    dinas.click("button:has-text('Ajukan permohonan')")
    dinas.wait_for_load_state()
    req_url = dinas.url
    print("request", req_url)
    assert re.search(r"/rekomendasi/\d+/$", req_url), req_url

    bpjs = login(browser, "bpjs")
    bpjs.goto(BASE + "/rekomendasi/")
    bpjs.screenshot(path=f"{SHOTS}/2_bpjs_list.png", full_page=True)
    bpjs.goto(req_url)
    bpjs.click("button:has-text('Verifikasi')")
    bpjs.wait_for_load_state()
    bpjs.screenshot(path=f"{SHOTS}/3_verified.png", full_page=True)
    assert "Diverifikasi" in bpjs.content()

    kepala = login(browser, "kepala")
    kepala.goto(BASE + "/rekomendasi/")
    kepala.screenshot(path=f"{SHOTS}/4_kepala_list.png", full_page=True)
    kepala.goto(req_url)
    kepala.click("button:has-text('Tandatangani')")
    kepala.wait_for_load_state()
    letter_url = kepala.url
    print("letter", letter_url)
    kepala.screenshot(path=f"{SHOTS}/5_letter.png", full_page=True)
    with kepala.expect_download() as info:
        kepala.click("a:has-text('Unduh PDF')")
    download = info.value
    path = f"{SHOTS}/letter.pdf"
    download.save_as(path)
    with open(path, "rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF"), data[:20]
    print("pdf bytes", len(data))
    qr_link = kepala.locator("a:has-text('Halaman verifikasi publik')").get_attribute("href")
    public = browser.new_context().new_page()
    public.goto(BASE + qr_link)
    public.screenshot(path=f"{SHOTS}/6_public_valid.png", full_page=True)
    assert "VALID" in public.content()
    # PDF check on the public page
    public.set_input_files("input[name=berkas]", path)
    public.click("button:has-text('Periksa berkas')")
    public.wait_for_load_state()
    assert "cocok dengan surat yang diterbitkan" in public.content()
    public.screenshot(path=f"{SHOTS}/7_public_pdf_ok.png", full_page=True)

    kepala.goto(letter_url)
    kepala.fill("textarea[name=reason]", "Uji pencabutan: data karyawan berubah.")
    kepala.click("button:has-text('Cabut surat')")
    kepala.wait_for_load_state()
    public.goto(BASE + qr_link)
    assert "REVOKED" in public.content()
    public.screenshot(path=f"{SHOTS}/8_public_revoked.png", full_page=True)

    # koperasi head: his request list and the demo cooperative's returned request
    head = login(browser, "koperasi")
    head.goto(BASE + "/rekomendasi/")
    head.screenshot(path=f"{SHOTS}/9_head_list.png", full_page=True)
    link = head.locator("table a").first
    link.click()
    head.wait_for_load_state()
    head.screenshot(path=f"{SHOTS}/10_head_request.png", full_page=True)
    # letters list expiring, lookup form
    kepala.goto(BASE + "/rekomendasi/surat/?status=expiring")
    kepala.screenshot(path=f"{SHOTS}/11_expiring.png", full_page=True)
    kepala.goto(BASE + "/")
    kepala.screenshot(path=f"{SHOTS}/12_kepala_home.png", full_page=True)
    lookup = browser.new_context().new_page()
    lookup.goto(BASE + "/verifikasi/")
    lookup.fill("input[name=nomor]", "0001/REK-KLK/III/2026")
    lookup.click("button:has-text('Periksa')")
    lookup.wait_for_load_state()
    lookup.screenshot(path=f"{SHOTS}/13_lookup.png", full_page=True)
    print("lookup ->", lookup.url)
    for pg in (dinas, bpjs, kepala, head):
        if pg.errors:
            print("console errors", pg.errors)
    browser.close()
print("JOURNEY OK")
