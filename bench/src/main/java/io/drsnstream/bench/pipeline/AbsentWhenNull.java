package io.drsnstream.bench.pipeline;

import com.google.gson.Gson;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;

/**
 * For a result field that the result files leave out when it does not apply (a soak run's
 * memory, a note), where the harness's Gson otherwise writes {@code null}s (an empty latency
 * histogram's mean is {@code null}). Use as
 * {@code @JsonAdapter(value = AbsentWhenNull.class, nullSafe = false)} on a record component.
 */
public final class AbsentWhenNull implements TypeAdapterFactory {

    @Override
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
        TypeAdapter<T> delegate = gson.getAdapter(type);
        return new TypeAdapter<>() {
            @Override
            public void write(JsonWriter out, T value) throws IOException {
                if (value != null) {
                    delegate.write(out, value);
                    return;
                }
                // The field's name is still pending in the writer: without serializeNulls it drops
                // both.
                boolean serializeNulls = out.getSerializeNulls();
                out.setSerializeNulls(false);
                out.nullValue();
                out.setSerializeNulls(serializeNulls);
            }

            @Override
            public T read(JsonReader in) throws IOException {
                return delegate.read(in);
            }
        };
    }
}
