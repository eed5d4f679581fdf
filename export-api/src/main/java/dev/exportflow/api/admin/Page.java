package dev.exportflow.api.admin;

import java.util.List;

/** One page of a listing, newest first, and the cursor of the next one (null on the last page). */
public record Page<T>(List<T> items, String nextCursor) {
}
