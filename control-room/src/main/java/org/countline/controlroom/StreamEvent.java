package org.countline.controlroom;

/** One Server-Sent Event: its {@code event:} name and its JSON {@code data:}. */
record StreamEvent(String name, String data) {}
