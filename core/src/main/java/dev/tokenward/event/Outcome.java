package dev.tokenward.event;

public enum Outcome {
    SUCCESS,
    FAILURE,
    UNKNOWN
}
