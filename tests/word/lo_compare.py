"""Make LibreOffice compare two documents and save the tracked changes it finds (UNO).

Run by a Python that can ``import uno`` (Debian's python3 with python3-uno), not by the
test interpreter:

    python3 lo_compare.py SOFFICE PROFILE_DIR AUTHOR ORIGINAL EDITED OUT

LibreOffice opens EDITED, compares it with ORIGINAL (Edit > Track Changes > Compare
Document, ``.uno:CompareDocuments``) and saves the result, the differences as tracked
changes by AUTHOR (the name set in the profile's user data), as a Word document to OUT.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe, deadline):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def set_author(ctx, author):
    """The user name LibreOffice writes on the changes it records."""
    provider = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", ctx)
    node = prop("nodepath", "/org.openoffice.UserProfile/Data")
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess", (node,))
    given, _, family = author.partition(" ")
    access.setPropertyValue("givenname", given)
    access.setPropertyValue("sn", family)
    access.commitChanges()


def main(soffice, profile, author, original, edited, out):
    pipe = f"consolidate_compare_{os.getpid()}"
    process = subprocess.Popen(
        [soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
         "--nolockcheck", "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
         f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ctx = connect(pipe, time.monotonic() + 90)
        set_author(ctx, author)
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        url = uno.systemPathToFileUrl(os.path.abspath(edited))
        doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
        frame = doc.getCurrentController().getFrame()
        dispatcher.executeDispatch(frame, ".uno:CompareDocuments", "", 0, (
            prop("URL", uno.systemPathToFileUrl(os.path.abspath(original))),
            prop("NoAcceptDialog", True)))
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(out)),
                       (prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:  # the bridge goes down with the process
            pass
    finally:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


if __name__ == "__main__":
    main(*sys.argv[1:7])
