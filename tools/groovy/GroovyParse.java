// Parses Groovy files (a Jenkinsfile, a shared-library step) with the real Groovy compiler,
// up to the phase that builds the syntax tree: a syntax error fails, as it would in
// Jenkins, while the pipeline DSL's names need not resolve. One line per file; exit 1 on
// the first error.
import java.io.File;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.Phases;

public class GroovyParse {
  public static void main(String[] args) {
    int failed = 0;
    for (String path : args) {
      CompilationUnit unit = new CompilationUnit();
      unit.addSource(new File(path));
      try {
        unit.compile(Phases.CONVERSION);
        System.out.println("ok " + path);
      } catch (CompilationFailedException e) {
        System.out.println("error " + path + ": " + e.getMessage().replaceAll("\\s+", " "));
        failed++;
      }
    }
    System.exit(failed == 0 ? 0 : 1);
  }
}
