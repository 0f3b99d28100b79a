/** The API an application sees: {@code @Shared}, the protocol choice, the exceptions, and {@code Dsm}. */
package io.dsm.api;
