package io.paddock.management.command;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.fabric8.kubernetes.api.model.Quantity;
import io.paddock.api.project.NamespaceQuota;
import io.paddock.api.project.ProjectService;

@Service
@Command(scope = "paddock", name = "project-quota",
    description = "Set the limits every namespace of a project gets (a ResourceQuota and a LimitRange downstream).",
    detailedDescription = "Quantities as in Kubernetes: CPU 2 or 500m, memory 4Gi or 512Mi. An omitted option means"
        + " no limit for that resource; with no option at all the project's quota and defaults are removed.")
public class ProjectQuotaCommand implements Action {

    @Reference
    ProjectService projects;

    @Option(name = "--cpu", description = "CPU limit of each namespace (limits.cpu), e.g. 4 or 2500m")
    String cpu;

    @Option(name = "--memory", description = "Memory limit of each namespace (limits.memory), e.g. 8Gi")
    String memory;

    @Option(name = "--pods", description = "Pods per namespace")
    int pods;

    @Option(name = "--default-cpu", description = "Default CPU limit of a container, e.g. 500m")
    String defaultCpu;

    @Option(name = "--default-memory", description = "Default memory limit of a container, e.g. 512Mi")
    String defaultMemory;

    @Argument(index = 0, name = "cluster", description = "Cluster name", required = true)
    @Completion(ClusterNameCompleter.class)
    String cluster;

    @Argument(index = 1, name = "project", description = "Project name", required = true)
    @Completion(ProjectNameCompleter.class)
    String project;

    @Override
    public Object execute() {
        NamespaceQuota quota = new NamespaceQuota(cpuMillis("--cpu", cpu), bytes("--memory", memory), pods,
            cpuMillis("--default-cpu", defaultCpu), bytes("--default-memory", defaultMemory));
        projects.setQuota(cluster, project, quota);
        System.out.println("Quota of project " + project + " set; its namespaces follow within seconds");
        return null;
    }

    private static long cpuMillis(String option, String value) {
        return amount(option, value, "CPU such as 2 or 500m").multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING)
            .longValue();
    }

    private static long bytes(String option, String value) {
        return amount(option, value, "memory such as 8Gi or 512Mi").longValue();
    }

    private static BigDecimal amount(String option, String value, String expected) {
        if (value == null) {
            return BigDecimal.ZERO;
        }
        try {
            BigDecimal amount = Quantity.getAmountInBytes(new Quantity(value));
            if (amount.signum() < 0) {
                throw new IllegalArgumentException("negative");
            }
            return amount;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + " '" + value + "' is not a valid quantity; expected " + expected);
        }
    }
}
