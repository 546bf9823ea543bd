package io.ilios.local.internal;

/**
 * A straight ruling line on a page (a table border), in points from the top left.
 *
 * @param horizontal whether it runs across (else down) the page
 * @param at its y when horizontal, its x when vertical
 * @param from where it starts along its length (left end, or top end)
 * @param to where it ends along its length
 */
public record Rule(boolean horizontal, float at, float from, float to) {

  float length() {
    return to - from;
  }
}
