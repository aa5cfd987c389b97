import static org.lwjgl.util.shaderc.Shaderc.*;
import java.nio.file.*;
public class CompileVariant {
  // args: src out DEF=V ...
  public static void main(String[] a) throws Exception {
    String src = Files.readString(Path.of(a[0]));
    long c = shaderc_compiler_initialize();
    long o = shaderc_compile_options_initialize();
    shaderc_compile_options_set_target_env(o, shaderc_target_env_vulkan, shaderc_env_version_vulkan_1_3);
    shaderc_compile_options_set_target_spirv(o, shaderc_spirv_version_1_6);
    shaderc_compile_options_set_optimization_level(o, shaderc_optimization_level_performance);
    for (int i = 2; i < a.length; i++) { String[] kv = a[i].split("="); shaderc_compile_options_add_macro_definition(o, kv[0], kv[1]); }
    long r = shaderc_compile_into_spv(c, src, shaderc_glsl_compute_shader, a[0], "main", o);
    if (shaderc_result_get_compilation_status(r) != 0) { System.out.println(a[1] + ": " + shaderc_result_get_error_message(r)); System.exit(1); }
    var b = shaderc_result_get_bytes(r); byte[] x = new byte[b.remaining()]; b.get(x); Files.write(Path.of(a[1]), x);
  }
}
